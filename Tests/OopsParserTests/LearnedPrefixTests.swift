import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// Per-line prefixes of formats no rule knows, learned from the log itself (issue 15 item 6):
/// the seed oops behind each must read as the plain one does; the kernel's own brackets and a
/// head seen once stay.
struct LearnedPrefixTests {
    static let seed: [String] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus/seed/seed-clean.log")
        return ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init).filter { !$0.hasPrefix("# ") }
    }()

    struct Record: Equatable {
        var title: String
        var esr: Hex64?
        var pc: String?
        var frames: Int
        var release: String?
    }

    static func record(_ r: Report) -> Record {
        Record(title: r.title, esr: r.oops?.esr, pc: r.pc?.symbol, frames: r.trace.count, release: r.context?.kernel)
    }

    /// Heads as consoles and tools print them; `{n}` stands for the line's number.
    @Test(arguments: [
        "[  12.{n}] [7:  kworker/7:1:   70] ",        // a vendor's CPU, comm and pid after the stamp
        "[7:  kworker/7:1:   70] ",                   // the same, no stamp
        "[  12.{n}] {7}[70:kworker/7:1] ",            // groups glued together
        "<6>[{n}] ",                                  // a sequence number
        "23-09-22 10:49:{n} R SERIAL-CPU> ",          // a serial tool's prompt
        "board-3 | kern | ",                          // a log viewer's columns
    ])
    func headIsLearned(_ head: String) throws {
        let plain = Parsing.reports(Self.seed.joined(separator: "\n")).map(Self.record)
        let text = Self.seed.enumerated().map { head.replacingOccurrences(of: "{n}", with: String(format: "%02d", $0.offset % 60)) + $0.element }
        let learned = Parsing.reports(text.joined(separator: "\n")).map(Self.record)
        #expect(plain.count == 1)
        #expect(learned == plain)
    }

    /// Only a head repeated on consecutive lines is learned: a line carrying one alone keeps it.
    @Test func aHeadSeenOnceStays() throws {
        let lines = ["[  1.0] eth0: link up", "[  1.1] [dbg] Internal error: Oops: 96000005 [#1] SMP", "[  1.2] eth0: link down"]
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let doc = Parsing.document(bytes)
        #expect(doc.reports.isEmpty)
    }

    /// The kernel's own brackets are no head: frames, addresses, x86's stack markers.
    @Test(arguments: [
        "[<ffffff8008085d2c>] dump_backtrace+0x0/0x1a0",
        "[c000000000abcdef] [c000000000123456] dump_stack+0x1c/0x28",
        "<IRQ> foo+0x1/0x2",
        "[0000000000000038] user address but active_mm is swapper",
    ])
    func kernelTextIsNoHead(_ line: String) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBytes { LearnedPrefix.head($0, from: 0) } == nil)
    }

    /// Digits and padding vary within one shape; words do not.
    @Test func shapeCountsRunsOfDigitsAndBlanksOnce() {
        func shape(_ s: String) -> [UInt8] { Array(s.utf8).withUnsafeBytes { LearnedPrefix.shape($0) } }
        #expect(shape("[4:   kworker/4:1:  123] ") == shape("[12: kworker/12:1: 7] "))
        #expect(shape("[4:   kworker/4:1:  123] ") != shape("[4:   swapper/4:  0] "))
    }
}
