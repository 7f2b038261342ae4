import Foundation
import Testing
import OopsCore
@testable import Render
import Analysis

/// The echoes of an oops (a panic after it, init killed by it, the oopsed task reporting again
/// on its way out) are linked to it, on real logs; reports of another boot are not.
struct CascadeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func reports(_ path: String) throws -> [Report] {
        Analyzer().analyze(bytes: Array(try Data(contentsOf: root.appendingPathComponent(path))), source: path).reports
    }

    /// rcutorture's oops in pid 1, then `note: … exited with …` and `Attempted to kill init!`:
    /// the exit path and the panic are the oops's own tail, one report. With another console
    /// line between (a real console interleaves), the panic stands alone and is linked to the
    /// oops that killed init.
    @Test func initKilledByItsOops() throws {
        let path = "Corpus/real/x86_64/rcutorture-idt-read-user-mode-page-fault-6.5.log"
        let whole = try Self.reports(path)
        try #require(whole.count == 1)
        #expect(whole[0].panic?.hasPrefix("Attempted to kill init!") == true)

        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        guard let panic = text.range(of: "Kernel panic - not syncing: Attempted to kill init!") else { Issue.record("no panic line"); return }
        let lineStart = text[..<panic.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        let interleaved = String(text[..<lineStart]) + "[22544.539000] random: crng init done\n" + String(text[lineStart...])
        let reports = Analyzer().analyze(text: interleaved, source: path).reports
        try #require(reports.count == 2)
        #expect(reports[1].consequenceOf == 1 && reports[1].consequence == .initKilled)
        let rendered = TextRenderer(color: false, width: 100).render(reports[1], source: "x.log")
        #expect(rendered.contains("Follows from report 1: init was killed by that oops."))
        #expect(MarkdownRenderer().render(reports, source: "x.log").contains("*Follows from report 1: init was killed by that oops.*"))
    }

    /// The text names every report by the number "follows from report N" and a repeat's "as
    /// report N" use, so each such N can be found on the screen (a storm repeat included).
    @Test func everyReportNumberTheTextCitesIsShown() throws {
        let path = "Corpus/real/x86_64/syzbot-paging-request-then-double-fault-same-task-cascade-4.20.log"
        let reports = try Self.reports(path)
        let renderer = TextRenderer(color: false, width: 80)
        var text = ""
        for r in reports {
            text += r.repeatOf.map { renderer.repeatLine(r, root: $0, times: 2) } ?? renderer.render(r, source: path)
        }
        let cited = Set(reports.compactMap(\.consequenceOf) + reports.compactMap(\.repeatOf))
        #expect(!cited.isEmpty)
        for n in cited { #expect(text.contains("(report\u{a0}\(n))") || text.contains("↻ report \(n):"), "report \(n) is cited but not shown") }
        #expect(reports.contains { $0.repeatOf != nil } && text.contains("↻ report \(reports.last!.id):"))
    }

    /// A detector's panic printed with a dump of its own (khungtaskd's hung_task_panic,
    /// softlockup_panic, 6.x panic_on_warn after the WARN's trace) is a report of its own that
    /// follows from the detector's report and keeps its class; the report before it ends where
    /// the panic begins. A pre-6.x panic_on_warn panics inside __warn(), before the trace: the
    /// WARN's dump is the panic's, one report.
    @Test func aDetectorsPanicWithItsOwnDumpFollowsFromItsReport() throws {
        for (path, kind) in [("Corpus/real/x86_64/syzbot-hung-task-ld-usb-write-5.3.log", CrashKind.hungTask),
                             ("Corpus/real/arm64/syzbot-soft-lockup-ip-list-rcv-5.9.log", .softLockup)] {
            let reports = try Self.reports(path)
            try #require(reports.count == 2, "\(path)")
            #expect(reports[0].panic == nil && reports[0].lines.last < reports[1].lines.first)
            #expect(reports[1].consequenceOf == 1 && reports[1].consequence == .detectorPanic)
            #expect(reports[1].kind == kind && reports[1].corrupted == false)
            #expect(reports[1].diagnoses.first?.cause == reports[0].diagnoses.first?.cause)
            #expect(TextRenderer(color: false, width: 100).render(reports[1], source: path)
                .contains("Follows from report 1: the panic the kernel was configured to raise after that report."))
        }
        let before = """
        [  100.000001] WARNING: CPU: 0 PID: 1 at drivers/demo.c:10 demo_probe+0x10/0x20
        [  100.000002] Kernel panic - not syncing: panic_on_warn set ...
        [  100.000003] CPU: 0 PID: 1 Comm: swapper/0 Not tainted 4.19.0 #1
        [  100.000004] Call Trace:
        [  100.000005]  dump_stack+0x10/0x20
        [  100.000006]  panic+0x10/0x20
        [  100.000007]  __warn+0x10/0x20
        [  100.000008]  demo_probe+0x10/0x20
        """
        let one = Analyzer().analyze(text: before, source: "x.log").reports
        #expect(one.count == 1 && one.first?.panic == "panic_on_warn set ...")
    }

    /// Two kexec'd kernels in one mail: init killed in the second boot follows from nothing of
    /// the first.
    @Test func anotherBootIsNotAnEcho() throws {
        let reports = try Self.reports("Corpus/real/arm64/aws-i4g-efa-kexec-selinux-dentry-path-null-and-init-killed-6.9-5.14.log")
        try #require(reports.count == 2)
        #expect(reports[1].panic?.hasPrefix("Attempted to kill init!") == true)
        #expect(reports.allSatisfy { $0.consequenceOf == nil })
    }

    /// The oopsed task (pid 5429) double-faults and faults again with `Tainted: G D`.
    @Test func theSameTaskAfterItsOops() throws {
        let reports = try Self.reports("Corpus/real/x86_64/syzbot-paging-request-then-double-fault-same-task-cascade-4.20.log")
        #expect(reports.map(\.consequenceOf) == [nil, 1, 1, 1])
        #expect(reports.map(\.consequence) == [nil, .sameTask, .sameTask, .sameTask])
        #expect(reports[3].repeatOf == 3)
    }

    /// 6.16: the task's second oops on its way out, then `scheduling while atomic` through
    /// make_task_dead — an echo, whose atomic-sleep fix ("move the sleeping call") would mislead.
    @Test func theDyingTaskIsAnEchoWithoutAFixOfItsOwn() throws {
        let reports = try Self.reports("Corpus/real/x86_64/sev-migrate-find-first-bit-null-oops-exit-cascade-wrapped-6.16.log")
        try #require(reports.count == 3)
        #expect(reports[2].consequenceOf == 2 && reports[2].consequence == .dyingTask)
        #expect(reports[2].diagnoses.isEmpty)
        #expect(reports[0].diagnoses.first?.cause == "null-pointer")
        let text = TextRenderer(color: false, width: 100).render(reports[2], source: "x.log")
        #expect(text.contains("Follows from report 2: the task (pid 16663) killed by that oops, on its way out."))
    }

}
