import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// Extends ``SeedTests/everyTruncationIsAPrefixOfTheFullRecord()`` (the clean seed, parsed
/// only, cut where a line ends): the quoted seed too, cuts in the middle of every line as
/// well, and the whole pipeline (decoding, replay, diagnosis) on every cut. Each cut gives
/// a prefix of the full record, flagged truncated until the end marker is in.
struct TruncationTests {
    enum Cut: String, CaseIterable { case lineEnd, midLine }

    @Test(arguments: ["seed/seed-clean.log", "seed/seed-quoted.log"], Cut.allCases)
    func everyCutIsAPrefixOfTheFullRecord(path: String, cut: Cut) throws {
        let bytes = try SeedTests.corpus(path)
        let analyzer = Analyzer()
        let full = try #require(analyzer.analyze(bytes: bytes).reports.first)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        var offset = 0
        var cuts: [Int] = []
        for l in lines {
            if cut == .midLine && l.count > 1 { cuts.append(offset + l.count / 2) }
            offset += l.count + 1
            if cut == .lineEnd { cuts.append(min(offset, bytes.count)) }
        }
        for at in cuts {
            let doc = analyzer.analyze(bytes: Array(bytes.prefix(at)))
            guard let r = doc.reports.first else { continue }   // cut before the report began
            #expect(doc.reports.count == 1, "\(path) cut at byte \(at)")
            #expect(r.lines.first == full.lines.first, "\(path) cut at byte \(at)")
            #expect(r.lines.last <= full.lines.last, "\(path) cut at byte \(at)")
            // The trace is a prefix; the last frame may be the cut one.
            let whole = r.trace.count > 0 && r.trace.last == full.trace[safe: r.trace.count - 1] ? r.trace.count : r.trace.count - 1
            #expect(Array(r.trace.prefix(max(0, whole))) == Array(full.trace.prefix(max(0, whole))), "\(path) cut at byte \(at)")
            // Every register read has its full value, except (a mid-line cut) the one whose
            // digits were cut: the kernel's 16-digit field is then read as a shorter number.
            // Known gap: a dump line cut inside a value cannot be told from a whole one.
            let wrong = (r.registers?.ordered ?? []).filter { full.registers?[$0.name] != $0.value }
            #expect(wrong.count <= (cut == .midLine ? 1 : 0), "\(path) cut at byte \(at): \(wrong.map(\.name))")
            if let c = r.context {
                if let v = c.kernel { #expect(v == full.context?.kernel || full.context?.kernel?.hasPrefix(v) == true) }
                if let v = c.cpu { #expect(v == full.context?.cpu) }
            }
            if let words = r.code?.words, !words.isEmpty, r.endTrace != nil { #expect(words == full.code?.words) }
            if r.endTrace == nil { #expect(r.truncated, "\(path) cut at byte \(at) should be truncated") }
            #expect(r.diagnoses.count <= max(1, full.diagnoses.count + 1))
        }
    }

    /// A writer cut a WARN between its headline and its frames (`[  ...]`): the frames after
    /// the elision are its trace, though their header went with the cut.
    @Test func framesAfterAWritersElisionAreTheTrace() throws {
        let text = """
        [  859.989482] ------------[ cut here ]------------
        [  859.989485] refcount_t: saturated; leaking memory.
        [  859.989500] WARNING: CPU: 0 PID: 1965 at lib/refcount.c:19 refcount_warn_saturate+0x9b/0x110
        [  ...]
        [  859.989671]  ? refcount_warn_saturate+0x9b/0x110
        [  859.989674]  ice_get_vf_by_id+0x87/0xa0 [ice]
        [  859.989777]  ice_set_vf_fn_mac+0x33/0x150 [ice]
        [  952.413933] ---[ end trace 0000000000000000 ]---
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.trace.map(\.symbol) == ["refcount_warn_saturate", "ice_get_vf_by_id", "ice_set_vf_fn_mac"])
        // Without the elision, frames there are another CPU's or lockdep's: not the trace.
        let unelided = try #require(Parsing.reports(text.replacingOccurrences(of: "[  ...]\n", with: "")).first)
        #expect(unelided.trace.isEmpty)
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
