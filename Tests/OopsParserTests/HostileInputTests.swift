import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// The seed crash as hostile consoles and careless pastes deliver it: NUL bytes and invalid
/// UTF-8 in every field, CRLF and lone-CR endings, a `Code:` line of ten thousand words,
/// registers one digit too wide, quoting nested thousands deep. Each gives a result (the same
/// record where the damage is only in the framing), never a crash or a hang.
struct HostileInputTests {
    static let seedText = String(decoding: (try? SeedTests.corpus("seed/seed-clean.log")) ?? [], as: UTF8.self)
    static var seedLines: [String] { seedText.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    static func analyze(_ bytes: [UInt8], decode: Bool = true) -> AnalysisDocument {
        var o = Analyzer.Options()
        o.decode = decode
        return Analyzer(options: o).analyze(bytes: bytes, source: "hostile.log")
    }

    static func analyze(_ text: String, decode: Bool = true) -> AnalysisDocument {
        analyze(Array(text.utf8), decode: decode)
    }

    /// The parts of a record that do not depend on how lines were framed or numbered.
    static func content(_ r: Report) -> [String] {
        ["\(r.kind)", "\(String(describing: r.pc))", "\(String(describing: r.lr))", "\(String(describing: r.sp))",
         "\(r.trace)", "\(String(describing: r.registers))", "\(String(describing: r.code?.words))",
         "\(String(describing: r.context?.comm))", "\(String(describing: r.context?.kernel))",
         "\(String(describing: r.oops))", "\(String(describing: r.fault?.address))",
         "\(String(describing: r.endTrace))", "\(String(describing: r.panic))", r.title]
    }

    static let full = analyze(seedText).reports[0]

    // MARK: bytes

    /// Byte sequences a dying UART or a mangled paste puts into a line: NUL, a lone
    /// continuation byte, a truncated two-byte sequence, an overlong encoding, a UTF-16
    /// surrogate, 0xFF, and an escape sequence.
    static let poisons: [[UInt8]] = [[0x00], [0x80], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0x1B, 0x5B, 0x32, 0x4A]]

    /// `line` with `poison` after every space-separated token (so inside every field).
    static func poisoned(_ line: String, _ poison: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, token) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out.append(0x20) }
            out += Array(token.utf8) + poison
        }
        return out
    }

    /// Every line of the seed, one at a time, with each poison in every field: always a
    /// result; the report is still found; a damaged line costs at most its own fields.
    @Test(arguments: 0..<poisons.count)
    func poisonInEveryFieldOfEachLine(poison: Int) throws {
        let lines = Self.seedLines
        let analyzer = Analyzer()
        for i in lines.indices {
            var bytes: [UInt8] = []
            for (j, l) in lines.enumerated() {
                bytes += j == i ? Self.poisoned(l, Self.poisons[poison]) : Array(l.utf8)
                bytes.append(0x0A)
            }
            let doc = analyzer.analyze(bytes: bytes)
            try #require(doc.reports.count >= 1, "poison \(poison) in line \(i + 1)")
            let r = doc.reports[0]
            // Lines that are not the pc, trace or Code lines leave those fields alone.
            let line = lines[i]
            if !line.hasPrefix("pc :") && !line.contains("user address") && !line.hasPrefix("Internal error") {
                #expect(r.pc == Self.full.pc, "poison \(poison) in line \(i + 1)")
            }
            if !line.hasPrefix("Code:") && i < lines.count - 1 {
                #expect(r.code?.words == Self.full.code?.words || r.code == nil, "poison \(poison) in line \(i + 1)")
            }
        }
    }

    /// Every field of every line poisoned at once: no crash, and whatever comes out is text.
    @Test(arguments: 0..<poisons.count)
    func poisonEverywhere(poison: Int) {
        let bytes: [UInt8] = Self.seedLines.flatMap { line -> [UInt8] in Self.poisoned(line, Self.poisons[poison]) + [0x0A] }
        let doc = Self.analyze(bytes)
        for r in doc.reports {
            #expect(r.lines.first >= 1 && r.lines.last >= r.lines.first)
            #expect(!r.title.isEmpty)
        }
    }

    /// NUL bytes between every byte of the log: a line of noise, not a report.
    @Test func nulBetweenEveryByte() {
        let bytes: [UInt8] = Array(Self.seedText.utf8).flatMap { b -> [UInt8] in [b, 0] }
        let doc = Self.analyze(bytes)
        #expect(doc.reports.count <= 1)
    }

    // MARK: line ends

    @Test func crlfGivesTheSameRecord() throws {
        let doc = Self.analyze(Self.seedText.replacingOccurrences(of: "\n", with: "\r\n"))
        try #require(doc.reports.count == 1)
        #expect(Self.content(doc.reports[0]) == Self.content(Self.full))
        #expect(doc.reports[0].lines == Self.full.lines)
    }

    /// Serial consoles end lines with `\n\r`: the same record at the same line numbers.
    @Test func lfcrGivesTheSameRecord() throws {
        let doc = Self.analyze(Self.seedText.replacingOccurrences(of: "\n", with: "\n\r"))
        try #require(doc.reports.count == 1)
        #expect(Self.content(doc.reports[0]) == Self.content(Self.full))
        #expect(doc.reports[0].lines == Self.full.lines)
    }

    /// Only CRs: one physical line of many pieces; the same record, all of it on line 1.
    @Test func loneCRGivesTheSameRecord() throws {
        let doc = Self.analyze(Self.seedText.replacingOccurrences(of: "\n", with: "\r"))
        try #require(doc.reports.count == 1)
        #expect(Self.content(doc.reports[0]) == Self.content(Self.full))
        #expect(doc.reports[0].lines == LineSpan(first: 1, last: 1))
    }

    /// CRs in runs, CR-only blank lines, and a CR in the middle of a field: that line is cut
    /// in two there (a CR ends a piece), so its frame is lost and nothing else.
    @Test func strayCRs() throws {
        let text = Self.seedText.replacingOccurrences(of: "\niommu_dma_map_sg+0x7c", with: "\niommu_dma_map_sg\r+0x7c")
            .replacingOccurrences(of: "\n", with: "\r\r\n\r")
        let doc = Self.analyze(text)
        try #require(doc.reports.count == 1)
        let r = doc.reports[0]
        #expect(r.trace.count == Self.full.trace.count - 1)
        #expect(r.trace == Array(Self.full.trace.dropFirst()))
        #expect(r.pc == Self.full.pc)
        #expect(r.registers == Self.full.registers)
    }

    // MARK: fields

    /// `Code:` with ten thousand words: read (and disassembled around the marked word)
    /// without a crash; the faulting word is the marked one.
    @Test func codeLineOfTenThousandWords() throws {
        let words = Array(repeating: "d503201f", count: 9_999) + ["(f9401f40)"]
        let text = Self.seedLines.map { $0.hasPrefix("Code:") ? "Code: " + words.joined(separator: " ") : $0 }.joined(separator: "\n")
        let doc = Self.analyze(text)
        try #require(doc.reports.count == 1)
        let r = doc.reports[0]
        #expect(r.code?.words.count == 10_000)
        #expect(r.code?.faultingIndex == 9_999)
        #expect(r.trace == Self.full.trace)
        #expect(r.replay != nil)
    }

    /// The same, with words that are not hex and one that is far too wide.
    @Test func codeLineOfGarbage() throws {
        for body in [String(repeating: "zz ", count: 10_000), String(repeating: "f", count: 10_000), "(" + String(repeating: "(", count: 5000)] {
            let text = Self.seedLines.map { $0.hasPrefix("Code:") ? "Code: " + body : $0 }.joined(separator: "\n")
            let doc = Self.analyze(text)
            try #require(doc.reports.count == 1)
            #expect(doc.reports[0].code?.words.isEmpty != false)
        }
    }

    /// A value one hex digit wider than 64 bits is not a register value: it is left out, never
    /// wrapped to a wrong one; the rest of the dump still reads.
    @Test func seventeenHexDigits() throws {
        let text = Self.seedText
            .replacingOccurrences(of: "x27: ffffffc0f9431578", with: "x27: 1ffffffc0f9431578")
            .replacingOccurrences(of: "sp : ffffff80095eb4f0", with: "sp : 1ffffff80095eb4f0")
            .replacingOccurrences(of: "pstate: 80c00009", with: "pstate: 180c000090000000f")
            .replacingOccurrences(of: "[0000000000000038] user", with: "[10000000000000038] user")
            .replacingOccurrences(of: "Oops: 96000005", with: "Oops: 196000005000000000")
            .replacingOccurrences(of: "6b17039f", with: "16b17039f00000000")
        let doc = Self.analyze(text)
        try #require(doc.reports.count == 1)
        let r = doc.reports[0]
        #expect(r.registers?["x27"] == nil)
        #expect(r.registers?["x26"] == 0)
        #expect(r.registers?["x28"] == 0)
        #expect(r.sp == nil)
        #expect(r.pstate == nil)
        #expect(r.fault?.address != 0x38)
        #expect(r.oops?.esr == nil)
        #expect(r.trace == Self.full.trace)
        #expect(r.pc == Self.full.pc)
    }

    // MARK: quoting

    /// The seed quoted 1,000 and 60,000 levels deep (a 120 KB prefix on every line): the same
    /// record.
    @Test(arguments: [1_000, 60_000])
    func deeplyNestedQuoting(depth: Int) throws {
        let quote = String(repeating: "> ", count: depth)
        let text = Self.seedLines.map { quote + $0 }.joined(separator: "\n")
        let doc = Self.analyze(text)
        try #require(doc.reports.count == 1)
        #expect(Self.content(doc.reports[0]) == Self.content(Self.full))
    }

    /// Quoting that changes depth from line to line, with and without the space, and quote
    /// marks that never end in text.
    @Test func raggedQuoting() throws {
        let text = Self.seedLines.enumerated().map { i, l in String(repeating: i % 2 == 0 ? "> " : ">", count: i * 37 % 500) + l }
            .joined(separator: "\n") + "\n" + String(repeating: "> ", count: 100_000) + "\n" + String(repeating: ">", count: 200_000)
        let doc = Self.analyze(text)
        #expect(doc.reports.count == 1)
        #expect(doc.reports.first?.trace.count == Self.full.trace.count)
    }
}
