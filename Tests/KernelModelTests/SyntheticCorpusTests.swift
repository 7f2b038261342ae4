import Foundation
import Testing
import KernelModel

/// Corpus/synthetic is what the path emulator writes today: regenerated and compared byte for
/// byte, so a change to the model shows up as a change to these files (and needs a reason in
/// its commit). `oopsy model synthesize --output Corpus/synthetic` rewrites them.
struct SyntheticCorpusTests {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus/synthetic")

    @Test func regeneratedFilesEqualTheCommittedOnes() throws {
        let files = SyntheticCorpus.files()
        #expect(files.count > 400)
        var differing: [String] = []
        for f in files {
            let url = Self.dir.appendingPathComponent(f.path)
            let log = try? String(contentsOf: url, encoding: .utf8)
            let expected = try? String(contentsOf: url.deletingPathExtension().appendingPathExtension("expected.json"), encoding: .utf8)
            if log != f.log || expected != f.expected { differing.append(f.path) }
        }
        #expect(differing.isEmpty, "regenerate with `oopsy model synthesize --output Corpus/synthetic`: \(differing.prefix(10))")
        // No stale files either.
        let committed = (FileManager.default.enumerator(atPath: Self.dir.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".log") }
        #expect(Set(committed) == Set(files.map(\.path)))
    }
}
