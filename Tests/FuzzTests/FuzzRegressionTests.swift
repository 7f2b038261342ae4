import Foundation
import Testing
@testable import OopsyFuzz

/// Every input the fuzzer ever found (`scripts/fuzz/run.sh` copies each finding into
/// `FuzzRegressions/`) runs through the fuzz target's own entry point: no crash, and every
/// output property holds.
struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    static var inputs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted()
    }

    @Test func thereAreRegressionInputs() {
        #expect(!Self.inputs.isEmpty)
    }

    @Test(arguments: FuzzRegressionTests.inputs)
    func findingStaysFixed(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        let outcome = FuzzEntry.run(bytes)
        #expect(outcome.violations.isEmpty, "\(name): \(outcome.violations)")
    }

    /// The entry point's own checks catch what they claim to.
    @Test func propertiesCatchControlsAndKeepColour() {
        #expect(FuzzEntry.firstControl("ok\tfine\n") == nil)
        #expect(FuzzEntry.firstControl("bad\u{17}") == "U+17")
        #expect(FuzzEntry.firstControl("bidi\u{202E}") == "U+202e")
        #expect(FuzzEntry.withoutSGR("\u{1B}[1;31mred\u{1B}[0m") == "red")
        #expect(FuzzEntry.firstControl(FuzzEntry.withoutSGR("\u{1B}]0;title\u{07}")) != nil)
    }

    /// The seed crash damaged the ways hostile input is (NUL and invalid UTF-8 in every field,
    /// an escape sequence in every field, CRLF, lone CR, deep quoting, a cut mid-line): every
    /// renderer's output keeps its properties (parses as JSON, no control reaches a terminal,
    /// streamed equals in-memory).
    @Test(arguments: ["nul", "utf8", "escape", "crlf", "cr", "quoted", "cut"])
    func hostileSeedVariants(kind: String) throws {
        let seed = try [UInt8](Data(contentsOf: Self.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus/seed/seed-clean.log")))
        let lines = seed.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        func everyField(_ poison: [UInt8]) -> [UInt8] {
            lines.flatMap { line -> [UInt8] in
                line.split(separator: 0x20, omittingEmptySubsequences: false).map { Array($0) + poison }.joined(separator: [0x20]) + [0x0A]
            }
        }
        let input: [UInt8]
        switch kind {
        case "nul": input = everyField([0x00])
        case "utf8": input = everyField([0xFF, 0xC3, 0xED, 0xA0, 0x80])
        case "escape": input = everyField(Array("\u{1B}]0;x\u{07}\u{1B}[2J\u{202E}".utf8))
        case "crlf": input = lines.flatMap { $0 + [0x0D, 0x0A] }
        case "cr": input = lines.flatMap { $0 + [0x0D] }
        case "quoted": input = lines.flatMap { Array(String(repeating: "> ", count: 500).utf8) + $0 + [0x0A] }
        default: input = Array(seed.prefix(seed.count * 2 / 3))
        }
        let o = FuzzEntry.run(input)
        #expect(o.violations.isEmpty, "\(kind): \(o.violations)")
    }

    /// Empty input, one NUL, and the seed crash pass through every renderer.
    @Test func smallInputs() throws {
        #expect(FuzzEntry.run([UInt8]()).violations.isEmpty)
        #expect(FuzzEntry.run([0]).violations.isEmpty)
        let seed = try [UInt8](Data(contentsOf: Self.folder.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpus/seed/seed-clean.log")))
        let o = FuzzEntry.run(seed)
        #expect(o.reports == 1)
        #expect(o.violations.isEmpty)
    }
}
