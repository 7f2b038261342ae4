import Foundation
import Testing
import OopsCore
import Analysis
@testable import Arm64

/// Every `Code:` word of the arm64 reports in Corpus/ and in the peer suite, disassembled by
/// oopsy (Capstone + the LSE supplement) and by `aarch64-linux-gnu-objdump`, must be the same
/// instruction modulo spelling (``InstructionSpelling``).
struct DisassemblyDifferentialTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let peer = URL(fileURLWithPath: "/work/shared/peer-tests/syzkaller-linux-report")

    /// Distinct code words of arm64 reports found in the logs.
    static func corpusWords() throws -> [UInt32] {
        var logs: [URL] = []
        let fm = FileManager.default
        if let walker = fm.enumerator(at: repo.appendingPathComponent("Corpus"), includingPropertiesForKeys: nil) {
            for case let u as URL in walker where u.pathExtension == "log" { logs.append(u) }
        }
        if let files = try? fm.contentsOfDirectory(at: peer, includingPropertiesForKeys: nil) { logs += files }
        var o = Analyzer.Options(); o.decode = false; o.diagnose = false
        let analyzer = Analyzer(options: o)
        var words = Set<UInt32>()
        for url in logs {
            let doc = analyzer.analyze(bytes: Array(try Data(contentsOf: url)))
            for r in doc.reports where r.arch == .arm64 {
                for w in r.code?.words ?? [] where w.count == 8 { if let v = UInt32(w, radix: 16) { words.insert(v) } }
            }
        }
        return words.sorted()
    }

    static func objdump() -> String? {
        for dir in ["/usr/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/aarch64-linux-gnu-objdump") {
            return dir + "/aarch64-linux-gnu-objdump"
        }
        return nil
    }

    /// objdump's text for each word, disassembled at address 4·i of one blob.
    static func objdumpTexts(_ words: [UInt32], tool: String) throws -> [UInt64: String] {
        let blob = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-words-\(getpid()).bin")
        var data = Data()
        for w in words { withUnsafeBytes(of: w.littleEndian) { data.append(contentsOf: $0) } }
        try data.write(to: blob)
        defer { try? FileManager.default.removeItem(at: blob) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = ["-D", "-b", "binary", "-m", "aarch64", blob.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        var result: [UInt64: String] = [:]
        for line in text.split(separator: "\n") {
            // "   4:	f9401f40 	ldr	x0, [x26, #56]"
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard parts.count >= 3, let addr = UInt64(parts[0].trimmingCharacters(in: .whitespaces).dropLast(), radix: 16) else { continue }
            result[addr] = parts[2...].joined(separator: " ")
        }
        return result
    }

    @Test func capstoneAgreesWithObjdump() throws {
        guard let tool = Self.objdump() else {
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "aarch64-linux-gnu-objdump is missing in CI")
            print("skipped: aarch64-linux-gnu-objdump is not installed (Debian: binutils-aarch64-linux-gnu)")
            return
        }
        let words = try Self.corpusWords()
        #expect(words.count > 150, "expected the corpus to hold a couple of hundred distinct code words, got \(words.count)")
        let reference = try Self.objdumpTexts(words, tool: tool)
        let d = Disassembler()
        var disagreements: [String] = []
        var undecodedSVE: [String] = []
        for (i, w) in words.enumerated() {
            let address = UInt64(4 * i)
            let ours = d.decode(w, at: address)
            guard let theirs = reference[address] else { disagreements.append("\(format08(w)): objdump printed nothing"); continue }
            // Capstone 4 (Debian 12's) decodes no SVE: oopsy names no instruction there rather
            // than a wrong one. Anything else it leaves undecoded is a disagreement.
            if ours.text.hasPrefix(".inst "), Self.isSVE(theirs) {
                undecodedSVE.append(format08(w))
            } else if !InstructionSpelling.same(ours.text, theirs) {
                disagreements.append("\(format08(w)): oopsy \"\(ours.text)\" objdump \"\(theirs)\"")
            }
        }
        print("disassembly differential: \(words.count) distinct words, \(disagreements.count) disagreements, \(undecodedSVE.count) SVE words left undecoded (\(undecodedSVE.joined(separator: ", ")))")
        #expect(disagreements.isEmpty, Comment(rawValue: disagreements.prefix(40).joined(separator: "\n")))
    }

    /// An SVE instruction as objdump prints it: a Z or predicate register operand.
    static func isSVE(_ text: String) -> Bool {
        text.range(of: #"\bz[0-9]+\.[bhsdq]\b|\bp[0-9]+/[zm]\b"#, options: .regularExpression) != nil
    }

    /// A negative post-index offset reads as objdump prints it, not as Capstone 4's 64-bit
    /// pattern (bcachefs oops, 6.x: `f85d8695`).
    @Test func aNegativePostIndexOffsetIsSigned() {
        let d = Disassembler()
        #expect(d.decode(0xf85d8695).text == "ldr x21, [x20], #-40")
        #expect(d.decode(0xf8408695).text == "ldr x21, [x20], #8")
    }

    /// Data executed as code (an execute-from-non-executable fault): a zero word is UDF, and a
    /// load-acquire whose should-be-one fields are not is undefined, as objdump says.
    @Test func dataReadAsCodeIsSpelledAsObjdumpDoes() {
        let d = Disassembler()
        #expect(d.decode(0x00000003).text == "udf #3")
        #expect(d.decode(0x08debf98).mnemonic == ".inst")
        #expect(d.decode(0x08dffc00).text == "ldarb w0, [x0]")
    }
}
