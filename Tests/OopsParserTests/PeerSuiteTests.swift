import Foundation
import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// syzkaller's report-parser test data (`../shared/peer-tests/syzkaller-linux-report/`, 747
/// real kernel logs with the title syzkaller gives each): every log parses, every log with a
/// title yields a report, the arm64 dumps give the right pc and call trace, and our titles
/// agree with syzbot's. Prints the agreement; fails below the thresholds of the triage issue.
struct PeerSuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = ProcessInfo.processInfo.environment["OOPSY_PEER_SUITE"].map { URL(fileURLWithPath: $0) }
        ?? root.deletingLastPathComponent().appendingPathComponent("shared/peer-tests/syzkaller-linux-report")
    static let available = FileManager.default.fileExists(atPath: folder.path)

    /// Agreement thresholds (issue 6): titles of non-corrupted reports, titles of the arm64
    /// ones, and how many of the reports syzkaller calls corrupted we flag too.
    static let minimumAgreement = 0.90
    static let minimumArm64Agreement = 1.0
    static let minimumCorruptedRecall = 0.80
    /// Flagging good reports corrupted wholesale would make the recall meaningless.
    static let maximumFalseCorrupted = 0.10

    /// One test file: its headers and its log.
    struct Case {
        let name: String
        let title: String?
        let alternatives: [String]
        let corrupted: Bool
        let log: [UInt8]

        /// Header lines (`TITLE: …`), a blank line, the log; a `REPORT:` line later on starts
        /// the text syzkaller extracts, which is not part of the log.
        init(name: String, bytes: [UInt8]) {
            self.name = name
            var headers: [(String, String)] = []
            var at = 0
            while at < bytes.count {
                let end = bytes[at...].firstIndex(of: 0x0A) ?? bytes.count
                let line = String(decoding: bytes[at..<end], as: UTF8.self)
                at = end + 1
                if line.isEmpty { break }
                if let colon = line.firstIndex(of: ":") {
                    headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
                }
            }
            var log: [UInt8] = []
            var lineStart = at
            while lineStart < bytes.count {
                let end = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
                if bytes[lineStart..<end].starts(with: Array("REPORT:".utf8)) { break }
                log += bytes[lineStart..<min(end + 1, bytes.count)]
                lineStart = end + 1
            }
            self.log = log
            let title = headers.first { $0.0 == "TITLE" }?.1
            self.title = title?.isEmpty == false ? title : nil
            self.alternatives = headers.filter { $0.0 == "ALT" }.map(\.1)
            self.corrupted = headers.contains { $0.0 == "CORRUPTED" && $0.1 == "Y" }
        }

        func agrees(_ ours: String?) -> Bool {
            guard let ours = ours?.trimmingCharacters(in: .whitespaces), let title else { return false }
            return ours == title || alternatives.contains(ours)
        }

        var text: String { String(decoding: log, as: UTF8.self) }

        /// The README's arm64 criterion: the log has `pstate:` or `Internal error: Oops`.
        var looksArm: Bool { text.contains("pstate:") || text.contains("Internal error: Oops") }
    }

    static func cases() throws -> [Case] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }
            .sorted { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }
        return try names.map { Case(name: $0, bytes: Array(try Data(contentsOf: folder.appendingPathComponent($0)))) }
    }

    static func analyze(_ c: Case) -> AnalysisDocument { Parsing.document(c.log, source: c.name) }

    /// Whether every occurrence of a report header in `log` follows other text on its line
    /// (`usb 5-1: WARNING: …`, two lines run together): oopsy looks for report starts at the
    /// start of a message, because a substring search on every input line would cost the
    /// scanner's hot path more than such lines are worth.
    static func headersOnlyMidLine(_ log: String) -> Bool {
        let headers = TitleFormats.groups.map(\.header)
        for raw in log.split(separator: "\n") {
            var line = String(raw)
            let message: String = line.withUTF8 { u in
                let b = UnsafeRawBufferPointer(u)
                return ByteText.string(UnsafeRawBufferPointer(rebasing: b[LinePrefix.parse(b).messageStart...]))
            }
            let trimmed = message.drop { $0 == " " || $0 == "\t" }
            if headers.contains(where: { trimmed.hasPrefix($0) || trimmed.hasPrefix("[ " + $0) }) { return false }
        }
        return true
    }

    // MARK: arm64 dumps, checked by hand against the logs

    /// What the first report with a register dump must give: the pc's symbol, the number of
    /// call-trace frames, the first frames and the last one.
    struct Dump {
        let pc: String
        let frames: Int
        let first: [String]
        let last: String?
    }

    static let arm64: [String: Dump] = [
        "45": Dump(pc: "_snd_timer_stop.constprop.9", frames: 0, first: [], last: nil),
        "524": Dump(pc: "__raw_readb", frames: 7, first: ["__raw_readb", "logic_inb", "ns558_init", "do_one_initcall"], last: "ret_from_fork"),
        "525": Dump(pc: "debug_print_object", frames: 18, first: ["debug_print_object", "debug_check_no_obj_freed", "slab_free_freelist_hook", "kfree"], last: "ret_from_fork"),
        "535": Dump(pc: "_raw_spin_unlock_irqrestore", frames: 48, first: ["_raw_spin_unlock_irqrestore", "debug_check_no_obj_freed", "slab_free_freelist_hook", "kmem_cache_free"], last: "ret_from_fork"),
        "536": Dump(pc: "selinux_socket_sendmsg", frames: 8, first: ["selinux_socket_sendmsg", "security_socket_sendmsg", "sock_sendmsg", "kernel_sendmsg"], last: "ret_from_fork"),
        "541": Dump(pc: "clear_page", frames: 13, first: ["clear_page", "prep_new_page", "get_page_from_freelist", "__alloc_pages_nodemask"], last: "ret_from_fork"),
        "542": Dump(pc: "update_cpu_capabilities", frames: 12, first: ["dump_backtrace", "show_stack", "dump_stack", "panic"], last: "start_kernel"),
        "604": Dump(pc: "0xffffffffdeadbeef", frames: 2, first: ["0xffffffffdeadbeef", "el0_svc_naked"], last: "el0_svc_naked"),
        "655": Dump(pc: "__lock_acquire", frames: 17, first: ["__lock_acquire", "lock_acquire", "_raw_spin_lock", "evict"], last: "el0t_64_sync"),
        "659": Dump(pc: "__list_del_entry_valid", frames: 18, first: ["__list_del_entry_valid", "__kobject_del", "kobject_cleanup", "kobject_put"], last: "el0t_64_sync"),
        "663": Dump(pc: "mark_lock", frames: 187, first: ["dump_backtrace", "show_stack", "dump_stack_lvl", "dump_stack"], last: "el0t_64_sync"),
        "680": Dump(pc: "__kmem_cache_alloc_node", frames: 17, first: ["__kmem_cache_alloc_node", "__kmalloc_node", "kvmalloc_node", "simple_xattr_alloc"], last: "el0t_64_sync"),
        // Symbolized: `pc : _compound_head … [inline]` then `pc : unlock_page+0x18/0xb8`.
        "693": Dump(pc: "unlock_page", frames: 23, first: ["unlock_page", "ni_readpage_cmpr", "ntfs_read_folio", "filemap_read_folio"], last: "el0t_64_sync"),
        "695": Dump(pc: "__do_kernel_fault", frames: 22, first: ["__do_kernel_fault", "do_bad_area", "do_translation_fault", "do_mem_abort"], last: "el0t_64_sync"),
        "696": Dump(pc: "free_large_kmalloc", frames: 17, first: ["free_large_kmalloc", "kfree", "kvfree", "ext4_expand_extra_isize_ea"], last: "el0t_64_sync"),
        "734": Dump(pc: "__hwasan_check_x0_67043363", frames: 17, first: ["__hwasan_check_x0_67043363", "vgic_mmio_write_invlpi", "dispatch_mmio_write", "__kvm_io_bus_write"], last: "el0t_64_sync"),
    ]

    /// Inputs where oopsy departs from syzkaller on purpose, each with the reason: no report
    /// is expected of them.
    static let noReportByDesign: [String: String] = [
        // syzkaller's own format test: any `WARNING:` line is a report to it; to oopsy a
        // `WARNING: …` line that stays alone and is none of the kernel's WARNING forms is a
        // program's or a driver's notice (OopsParser/LoneNotice: pip's notices in a build log).
        "6": "a lone 'WARNING: foo' is a notice",
    ]

    /// 32-bit arm dumps (`psr:`, `SMP ARM`) that the README's criterion also catches: not
    /// arm64. Their pc, from `PC is at`.
    static let arm32: [String: String] = [
        "238": "0x80b0f484", "243": "migrate_task_rq_fair", "46": "blk_rq_map_sg", "552": "io_serial_out",
        "567": "kthread_stop", "676": "0x0", "677": "__queue_work",
    ]

    @Test(.enabled(if: available, "the peer suite is not at ../shared/peer-tests/syzkaller-linux-report (set OOPSY_PEER_SUITE)"))
    func peerSuite() throws {
        let all = try Self.cases()
        #expect(all.count >= 700)
        var titled = 0, agreed = 0, armTitled = 0, armAgreed = 0
        var corrupted = 0, flagged = 0, falselyFlagged = 0
        var untitled = 0, untitledWithReports = 0
        var missingButMidLine: [String] = []
        var disagreements: [String] = []

        for c in all {
            let doc = Self.analyze(c)   // a crash here fails the whole run
            let first = doc.reports.first
            guard c.title != nil else {
                untitled += 1
                if first != nil { untitledWithReports += 1 }
                continue
            }
            if first == nil {
                if Self.headersOnlyMidLine(c.text) { missingButMidLine.append(c.name) }
                else if Self.noReportByDesign[c.name] != nil { continue }
                else { Issue.record("\(c.name): syzkaller titles it '\(c.title!)', oopsy found no report") }
            }

            if let dump = Self.arm64[c.name] {
                let r = doc.reports.first { $0.pc != nil }
                #expect(r?.arch == .arm64, "\(c.name): arch")
                #expect(r?.pc?.symbol == dump.pc, "\(c.name): pc")
                let frames = r?.trace.map(\.symbol) ?? []
                #expect(frames.count == dump.frames, "\(c.name): frame count")
                #expect(Array(frames.prefix(dump.first.count)) == dump.first, "\(c.name): first frames")
                #expect(frames.last == dump.last, "\(c.name): last frame")
                armTitled += 1
                if c.agrees(first?.title) { armAgreed += 1 } else { disagreements.append("arm64 \(c.name): ours '\(first?.title ?? "-")' vs '\(c.title!)'") }
            } else if let pc = Self.arm32[c.name] {
                let r = doc.reports.first { $0.pc != nil }
                #expect(r?.arch == .unknown, "\(c.name): 32-bit arm is not arm64")
                #expect(r?.pc?.symbol == pc, "\(c.name): pc")
            } else {
                #expect(!c.text.contains("pstate:"), "\(c.name): an arm64 dump missing from the table")
            }

            if c.corrupted {
                corrupted += 1
                if first?.corrupted == true { flagged += 1 }
            } else {
                titled += 1
                if c.agrees(first?.title) { agreed += 1 }
                else if !Self.arm64.keys.contains(c.name) { disagreements.append("\(c.name): ours '\(first?.title ?? "-")' vs '\(c.title!)'") }
                if first?.corrupted == true { falselyFlagged += 1 }
            }
        }

        func percent(_ n: Int, _ d: Int) -> String { d == 0 ? "n/a" : String(format: "%.1f%%", 100 * Double(n) / Double(d)) }
        let agreement = Double(agreed) / Double(max(titled, 1))
        let armAgreement = Double(armAgreed) / Double(max(armTitled, 1))
        let recall = Double(flagged) / Double(max(corrupted, 1))
        let falseRate = Double(falselyFlagged) / Double(max(titled, 1))
        print("""
            peer suite (\(all.count) logs):
              title agreement, non-corrupted: \(agreed)/\(titled) = \(percent(agreed, titled))
              title agreement, arm64:         \(armAgreed)/\(armTitled) = \(percent(armAgreed, armTitled))
              corrupted flagged (recall):     \(flagged)/\(corrupted) = \(percent(flagged, corrupted))
              good reports flagged corrupted: \(falselyFlagged)/\(titled) = \(percent(falselyFlagged, titled))
              logs without a title that give reports: \(untitledWithReports)/\(untitled)
              titled logs whose headers are only mid-line (no report by design): \(missingButMidLine.joined(separator: ", "))
            """)
        for d in disagreements { print("  disagrees: " + d) }

        #expect(armTitled == Self.arm64.count)
        #expect(agreement >= Self.minimumAgreement, "title agreement \(percent(agreed, titled))")
        #expect(armAgreement >= Self.minimumArm64Agreement, "arm64 title agreement \(percent(armAgreed, armTitled))")
        #expect(recall >= Self.minimumCorruptedRecall, "corrupted recall \(percent(flagged, corrupted))")
        #expect(falseRate < Self.maximumFalseCorrupted, "good reports flagged corrupted \(percent(falselyFlagged, titled))")
    }
}
