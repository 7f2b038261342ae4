import Foundation
import Testing
import Oopsy
@testable import OopsyFuzz

/// Every log of the corpus sample, mangled as logs really get mangled (``Metamorphic``): the
/// lossless transforms give the same records, the lossy ones never gain a wrong field, a
/// different cause or a higher confidence (issue 15 item 7).
struct MetamorphicTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    /// The sample: the lab's console captures, the seed, and the real logs that are clean
    /// consoles (nearly every line stamped, nothing quoted): mangling an already-mangled log
    /// twice is not a shape logs arrive in.
    static func sample() -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for dir in ["lab", "seed", "real"] {
            let walker = fm.enumerator(atPath: corpus.appendingPathComponent(dir).path)
            while let p = walker?.nextObject() as? String { if p.hasSuffix(".log") { out.append(dir + "/" + p) } }
        }
        return out.sorted().filter { file in
            guard let text = try? String(contentsOf: corpus.appendingPathComponent(file), encoding: .utf8) else { return false }
            return Metamorphic.isCleanConsole(text)
        }
    }

    @Test func manglingKeepsTheRecords() throws {
        let analyzer = Analyzer()
        var broken: [String: [String]] = [:]
        var checked = 0
        for name in Self.sample() {
            guard let file = try? String(contentsOf: Self.corpus.appendingPathComponent(name), encoding: .utf8) else { continue }
            // The corpus's `# source:` header is not part of the log.
            let text = file.split(separator: "\n", omittingEmptySubsequences: false).drop { $0.hasPrefix("# ") }.joined(separator: "\n")
            let original = analyzer.analyze(text: text).reports
            for t in Metamorphic.Transform.allCases {
                let mangled = analyzer.analyze(text: t.apply(text)).reports
                let v = Metamorphic.violations(original: original, transformed: mangled, by: t)
                checked += 1
                if !v.isEmpty { broken[name, default: []] += v }
            }
        }
        #expect(checked > 200, "the sample shrank to \(checked / Metamorphic.Transform.allCases.count) logs")
        print("metamorphic: \(checked) transformed logs, \(broken.count) logs with violations")
        for (file, v) in broken.sorted(by: { $0.key < $1.key }) {
            print("  \(file):")
            for line in v.prefix(6) { print("    " + line) }
        }
        #expect(broken.isEmpty)
    }
}
