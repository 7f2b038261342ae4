import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// The seed crash of the Foundation issue, quoted six levels deep and clean: the same record.
struct SeedTests {
    static func corpus(_ path: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("Corpus").appendingPathComponent(path)))
    }

    static func parse(_ path: String) throws -> AnalysisDocument {
        var o = Analyzer.Options()
        o.decode = false
        o.diagnose = false
        return Analyzer(options: o).analyze(bytes: try corpus(path), source: path)
    }

    @Test(arguments: ["seed/seed-quoted.log", "seed/seed-clean.log"])
    func seed(path: String) throws {
        let doc = try Self.parse(path)
        try #require(doc.reports.count == 1)
        let r = doc.reports[0]
        #expect(r.arch == .arm64)
        #expect(r.kind == .nullPointerDereference)
        #expect(r.pc == Frame(symbol: "iommu_dma_map_sg", offset: 0x7c, size: 0x2c8))
        #expect(r.lr?.printed == "iommu_dma_map_sg+0x40/0x2c8")
        #expect(r.fault?.address == 0x38)
        #expect(r.oops == OopsHeader(esr: 0x96000005, count: 1, flags: ["PREEMPT", "SMP"], reason: "Oops"))
        #expect(r.trace.count == 28)
        #expect(r.trace.first?.symbol == "iommu_dma_map_sg")
        #expect(r.trace.last?.printed == "ret_from_fork+0x10/0x18")
        #expect(r.trace[12].symbol == "try_to_bring_up_master.part.7")
        #expect(r.code?.words == ["d2800004", "91000725", "6b17039f", "5400048a", "f9401f40"])
        #expect(r.code?.faultingIndex == 4)
        #expect(r.context?.kernel == "4.19.3")
        #expect(r.context?.build == "#90")
        #expect(r.context?.tainted == "G W")
        #expect(r.context?.cpu == 7)
        #expect(r.context?.pid == 70)
        #expect(r.context?.comm == "kworker/7:1")
        #expect(r.context?.workqueue == "events deferred_probe_work_func")
        #expect(r.context?.hardware == "xxx (DT)")
        #expect(r.pstate?.raw == 0x80c00009)
        #expect(r.pstate?.flags == "Nzcv daif +PAN +UAO")
        #expect(r.sp == 0xffffff80095eb4f0)
        #expect(r.registers?.count == 30)
        #expect(r.registers?["x26"] == 0)
        #expect(r.registers?["x27"] == 0xffffffc0f9431578)
        #expect(r.endTrace == "f22dda57f3648e2c")
        #expect(r.panic == "Fatal exception")
        #expect(r.modules == [])
        #expect(r.truncated == false)
        #expect(r.corrupted == false)
        #expect(r.lines.first == 4)
        #expect(r.lines.last == 65)
        #expect(r.message == "[0000000000000038] user address but active_mm is swapper")
    }

    @Test func quotedAndCleanGiveTheSameRecord() throws {
        let a = try Self.parse("seed/seed-quoted.log").reports.map(\.withoutRawText)
        let b = try Self.parse("seed/seed-clean.log").reports.map(\.withoutRawText)
        #expect(a == b)
    }

    /// A reply that comments inside the quoted log (a blank line, a question, a blank line,
    /// all less quoted than the log): the writer's lines are the mail's, and the record is the
    /// one without them, wherever they fall — among the registers or the call trace.
    @Test func aReplyInsideTheQuotedLogLeavesTheRecord() throws {
        let text = String(decoding: try Self.corpus("seed/seed-quoted.log"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let full = try Self.parse("seed/seed-quoted.log").reports[0]
        let first = lines.firstIndex { $0.contains("x29:") }!
        let frame = lines.firstIndex { $0.hasSuffix("msm_gem_get_iova+0x8c/0x128") }!
        for at in [first + 3, frame] {
            var edited = lines
            edited.insert(contentsOf: ["", "Could you resolve this offset into the code line please?", "> > > > >", ""], at: at)
            let doc = ReportParser.parse(edited.joined(separator: "\n"))
            try #require(doc.reports.count == 1, "reply before line \(at)")
            let r = doc.reports[0]
            #expect(r.trace == full.trace, "reply before line \(at)")
            #expect(r.registers == full.registers, "reply before line \(at)")
            #expect(r.fault == full.fault, "reply before line \(at)")
            #expect(r.code == full.code, "reply before line \(at)")
            #expect(r.rawLines?.contains { $0.contains("Could you resolve") } == false)
        }
    }

    /// Every line boundary of the seed: a prefix of the report parses to a prefix of the
    /// record, flagged truncated until the end marker is in.
    @Test func everyTruncationIsAPrefixOfTheFullRecord() throws {
        let text = String(decoding: try Self.corpus("seed/seed-clean.log"), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let full = try Self.parse("seed/seed-clean.log").reports[0]
        var o = Analyzer.Options(); o.decode = false; o.diagnose = false
        let analyzer = Analyzer(options: o)
        for n in 0...lines.count {
            let cut = lines.prefix(n).joined(separator: "\n")
            let doc = analyzer.analyze(text: cut)
            if n < 4 { #expect(doc.reports.isEmpty); continue }
            try #require(doc.reports.count == 1, "cut at \(n)")
            let r = doc.reports[0]
            #expect(r.trace == Array(full.trace.prefix(r.trace.count)), "cut at \(n)")
            #expect(r.registers.map { $0.count } ?? 0 <= 30)
            if r.endTrace == nil { #expect(r.truncated, "cut at \(n) should be truncated") }
            if let pc = r.pc { #expect(pc == full.pc) }
        }
    }
}
