import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// Inputs built to make the project's own patterns backtrack: PCRE2's match limit turns each
/// into a skipped pattern (a no-match, counted, named as a problem at the right line), and
/// the analysis finishes with every report still found.
struct BacktrackingTests {
    /// A pattern of the project's tables, found by its source text.
    static func titlePattern(_ source: String) throws -> Pattern {
        let all = TitleFormats.groups.flatMap(\.formats).map(\.headline)
        return try #require(all.first { $0.source == source }, "no title format \(source)")
    }

    static func outcome(_ p: Pattern, _ subject: String) -> MatchOutcome {
        let scratch = MatchScratch()
        return Array(subject.utf8).withUnsafeBytes { p.match($0, in: scratch) }
    }

    /// Three `.*` in a row (`WARNING: .*mm/.*\.c.* k?.?malloc`, the kmalloc-bug title): a
    /// headline full of `mm/` and `.c` but no `malloc` is cubic for a backtracking matcher.
    static let kmallocHeadline = "WARNING: " + String(repeating: "mm/.c ", count: 400)
    /// Two `.*` (`WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)`, the ODEBUG
    /// title): quadratic in the occurrences of its middle word.
    static let odebugHeadline = "WARNING: " + String(repeating: "lib/debugobjects.c ", count: 2_000)
    /// Lockdep's lock-name rule, `\(.+?\)\{[^}]*\}`, on a line of 250,000 `)` with a `}` at the
    /// end but no `{`: a lazy `.+?` that grows one byte per backtrack.
    static let lockLine = "(" + String(repeating: ")", count: 250_000) + "x}"

    @Test func eachPatternHitsItsLimit() throws {
        #expect(Self.outcome(try Self.titlePattern(#"WARNING: .*mm/.*\.c.* k?.?malloc"#), Self.kmallocHeadline) == .limitExceeded)
        #expect(Self.outcome(try Self.titlePattern(#"WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at)"#), Self.odebugHeadline) == .limitExceeded)
        let lockName = try #require(LockdepRules.rules.compactMap(\.pattern).first { $0.source.contains(#"\(.+?\)\{"#) })
        #expect(Self.outcome(lockName, Self.lockLine) == .limitExceeded)
        // The same patterns still match what they are for.
        #expect(Self.outcome(try Self.titlePattern(#"WARNING: .*mm/.*\.c.* k?.?malloc"#), "WARNING: CPU: 0 PID: 1 at mm/slab_common.c:1 kmalloc_order+0x0/0x4") == .matched)
        #expect(Self.outcome(lockName, "(&dev->mutex){+.+.}-{3:3}") == .matched)
    }

    /// Two hundred reports whose headline defeats the kmalloc title: all found, each titled
    /// by the next format, and each limit hit named at its own report's first line — the last
    /// report's too, though the input ends before it is titled.
    @Test func hostileHeadlinesAreSkippedPatternsNotHangs() {
        let n = 200
        var text = ""
        for i in 0..<n { text += Self.kmallocHeadline + "\n ret_from_fork+0x\(i)/0x10\n---[ end trace \(i) ]---\n" }
        let doc = Analyzer().analyze(text: text)
        #expect(doc.reports.count == n)
        let limitLines = Set(doc.errors.filter { $0.message.contains("match limit") }.compactMap(\.line))
        #expect(limitLines == Set(doc.reports.map(\.lines.first)))
        #expect(doc.reports.allSatisfy { $0.title.hasPrefix("WARNING") })
    }

    /// One headline of 38 KB that defeats the ODEBUG title, as the last line of the input:
    /// titled by a later format, the hit named at its line. (Shaped as WARN()'s line: a lone
    /// `WARNING:` line of no kernel form is a notice, not a report.)
    @Test func longHostileHeadlineAtTheEnd() {
        let text = "[    1.000000] boot\n" + "WARNING: CPU: 0 PID: 1 at " + Self.odebugHeadline.dropFirst("WARNING: ".count)
        let doc = Analyzer().analyze(text: text)
        #expect(doc.reports.count == 1)
        #expect(doc.reports.first?.lines.first == 2)
        #expect(doc.reports.first?.title.hasPrefix("WARNING") == true)
        #expect(doc.errors.contains { $0.line == 2 && $0.message.contains("match limit") })
    }

    /// The lock line inside a lockdep-capable report: skipped as a line of that report, the
    /// report reads on to its end marker.
    @Test func hostileLockLineIsSkipped() {
        let text = "WARNING: CPU: 0 PID: 1 at kernel/locking/lockdep.c:1 lock_acquire+0x0/0x4\n"
            + Self.lockLine + "\n"
            + "Call trace:\n lock_acquire+0x0/0x4\n ret_from_fork+0x0/0x10\n---[ end trace 2 ]---\n"
        let doc = Analyzer().analyze(text: text)
        #expect(doc.reports.count == 1)
        #expect(doc.reports.first?.trace.count == 2)
        #expect(doc.reports.first?.endTrace == "2")
        #expect(doc.errors.contains { $0.line == 2 && $0.message.contains("match limit") })
    }
}
