import OopsCore

/// Lines every architecture prints: the task line, modules, call-trace headers, code, end
/// markers, the panic, and the first lines of BUG/WARN/sanitizer/lockup reports.
enum CommonRules {
    static let rules: [LineRule] = [
        // Call-trace headers. arm64 prints `Call trace:`, x86 `Call Trace:`, lockdep `stack backtrace:`.
        LineRule("call-trace", "Call trace:") { b, _ in b.setArch(.arm64); b.beginTrace(); return true },
        LineRule("call-trace", "Call Trace:") { b, _ in b.beginTrace(); return true },
        LineRule("call-trace", "stack backtrace:") { b, _ in b.beginTrace(); return true },
        LineRule("call-trace", "Backtrace:") { b, _ in b.beginTrace(); return true },
        // An old-style frame right after the registers with no header above it (a vendor
        // console, or a header the writer left out): the trace has begun.
        LineRule("call-trace", "[<", #"(\[<[0-9a-fA-F]{8,16}>\]\s+[^\s+]+\+0x[0-9a-fA-F]+.*)$"#) { b, m in
            guard b.report.trace.isEmpty, b.report.pc != nil, let frame = m.slice(1) else { return false }
            b.beginTrace()
            return b.frame(frame, scratch: m.scratch)
        },
        // Stacks that are not the report's trace (KASAN's object stacks: ``CheckedObjectRules``).
        LineRule("other-stack", "Last potentially related work creation") { b, _ in b.beginOtherStack(); return true },
        LineRule("other-stack", "Second to last potentially related") { b, _ in b.beginOtherStack(); return true },
        LineRule("other-stack", "Last call_rcu") { b, _ in b.beginOtherStack(); return true },
        LineRule("other-stack", "Second to last call_rcu") { b, _ in b.beginOtherStack(); return true },
        LineRule("other-stack", "-> #", #"-> #\d+ "#) { b, _ in b.beginOtherStack(); return true },
        // `<IRQ>` … `</IRQ>` and `<TASK>` markers name the stack section of the frames that
        // follow; only x86's show_trace_log_lvl prints them. Before 4.x the first frame of the
        // section shares the marker's line (` <IRQ>  [<ffffffff81656735>] dump_stack+0x19/0x1b`).
        LineRule("stack-section", "<", #"<(/?)(IRQ|TASK|NMI|SOFTIRQ|EOI)>\s*(\S.*)?$"#) { b, m in
            b.setArch(.x86_64)
            let closing = m.slice(1)?.isEmpty == false
            b.sections.currentStackSection = closing || m.string(2) == "EOI" ? nil : m.string(2)?.lowercased()
            if let rest = m.slice(3) { _ = b.frame(rest, scratch: m.scratch) }
            return true
        },
        LineRule("exception-stack", "Exception stack(") { _, _ in true },
        // 4.x stack and exception dumps: `3ec0: 0000… 0000…`.
        LineRule("hexdump", "", #"[0-9a-f]{4,16}:(?: +[0-9a-f]{8,16}){1,8}\s*$"#) { _, _ in true },

        LineRule("modules", "Modules linked in:", #"Modules linked in:\s*(.*)"#) { b, m in
            b.setModules(m.string(1) ?? "")
            return true
        },
        // `CPU: 7 PID: 70 Comm: kworker/7:1 Tainted: G        W  4.19.3 #90`; 6.x adds `UID: 0`;
        // RHEL and Fedora put `-------  ---` between the taint flags and the release, and
        // `Kdump: loaded` after the command when a crash kernel is loaded; RHEL puts its own
        // flags between the taint and the release (`--------- -t - 4.18.0`).
        LineRule("cpu", "CPU: ", #"CPU: (\d+) (?:UID: \d+ )?PID: (\d+) Comm: (.{0,20}?) (?:Kdump: loaded )?(?:Not tainted|Tainted: ((?:[A-Z] *)+?))(?: +-+[a-z]?)*(?: +(\d\S*)(?: +(.*))?)?\s*$"#) { b, m in
            b.withContext { c in c.cpu = c.cpu ?? m.int(1) }
            task(b, m, pid: 2, comm: 3, taint: 4, release: 5, build: 6)
            return true
        },
        // Hung-task reports repeat the taint and release on a line of their own. RHEL's dashes
        // between them are no release, nor is a lone flag a wrapped line left at the end.
        LineRule("tainted", "Not tainted ", #"Not tainted(?: +-+)* +([^\s-]\S+)(?: +(.*))?$"#) { b, m in
            b.withContext { c in if c.kernel == nil { c.kernel = m.string(1); c.build = m.string(2) } }
            return true
        },
        LineRule("tainted", "Tainted: ", #"Tainted: ((?:[A-Z] *)+?)(?: +-+)* +([^\s-]\S+)(?: +(.*))?$"#) { b, m in
            b.withContext { c in
                if c.kernel == nil { c.tainted = m.string(1).map(Taint.normalize); c.kernel = m.string(2); c.build = m.string(3) }
            }
            return true
        },
        LineRule("hardware", "Hardware name: ", #"Hardware name: (.*)$"#) { b, m in
            b.withContext { c in c.hardware = c.hardware ?? m.string(1) }
            return true
        },
        LineRule("workqueue", "Workqueue: ", #"Workqueue: (.*?)\s*$"#) { b, m in
            b.withContext { c in c.workqueue = c.workqueue ?? m.string(1) }
            return true
        },
        LineRule("process", "Process ", #"Process (.*) \(pid: (\d+), (?:stack limit|threadinfo)"#) { b, m in
            b.withContext { c in c.comm = c.comm ?? m.string(1); c.pid = c.pid ?? m.int(2) }
            return true
        },
        LineRule("task", "task: ", #"task: [0-9a-f]+ "#) { _, _ in true },
        LineRule("task", "task:", #"task:\S* +state:"#) { _, _ in true },

        // Once the trace began, a second Code line is an exception frame's printed inside it (x86:
        // the context an interrupt stopped) or the repeat after the end marker: not the pc's.
        LineRule("code", "Code: ") { b, m in
            if !b.machine.inUserRegisters && (b.report.code == nil || b.report.trace.isEmpty) { CodeLine.parse(m.bytes, into: b) }
            return true
        },
        LineRule("end-trace", "---[ end trace", #"---\[ end trace ([0-9a-fA-F]+) \]---"#) { b, m in
            if b.report.endTrace == nil { b.report.endTrace = m.string(1) }
            b.sections.markEnd()
            return true
        },
        LineRule("end-panic", "---[ end Kernel panic") { b, _ in b.sections.endMarkerSeen = true; return true },
        LineRule("kernel-panic", "Kernel panic - not syncing", #"Kernel panic - not syncing:? ?(.*?)\s*$"#) { b, m in
            if b.report.panic == nil { b.report.panic = m.string(1) }
            return true
        },
        LineRule("trailer", "SMP: stopping secondary CPUs") { _, _ in true },
        LineRule("trailer", "Kernel Offset: ") { _, _ in true },
        LineRule("trailer", "PHYS_OFFSET: ") { _, _ in true },
        LineRule("trailer", "CPU features: ") { _, _ in true },
        LineRule("trailer", "Memory Limit: ") { _, _ in true },
        LineRule("trailer", "Rebooting in ") { _, _ in true },
        LineRule("trailer", "Dumping ftrace buffer:") { _, _ in true },
        LineRule("trailer", "(ftrace buffer empty)") { _, _ in true },
        LineRule("trailer", "Starting crashdump kernel") { _, _ in true },
        LineRule("trailer", "Bye!") { _, _ in true },
        LineRule("trailer", "Disabling lock debugging due to kernel taint") { _, _ in true },
        // The oopsed task on its way out (kernel/exit.c, 6.x): its exit path still belongs to the
        // oops, and so does the panic that may follow (`Attempted to kill init!`).
        LineRule("trailer", "note: ", #"note: \S+\[\d+\] exited with (?:irqs disabled|preempt_count \d+)"#) { _, _ in true },
        LineRule("trailer", "Fixing recursive fault but reboot is needed!") { _, _ in true },
        LineRule("noise", "Unloaded tainted modules:") { _, _ in true },
        LineRule("noise", "---[ ") { _, _ in true },
        LineRule("noise", "------------[ cut here ]") { _, _ in true },
        LineRule("noise", "irq event stamp:") { _, _ in true },
        LineRule("noise", "hardirqs last", #"hardirqs last\s+(?:en|dis)abled at"#) { b, _ in b.beginOtherStack(); return true },
        LineRule("noise", "softirqs last", #"softirqs last\s+(?:en|dis)abled at"#) { b, _ in b.beginOtherStack(); return true },
        LineRule("noise", "Sending NMI from CPU") { b, _ in b.beginOtherStack(); return true },
        LineRule("noise", "NMI backtrace for cpu") { b, _ in b.beginOtherStack(); return true },

        // BUG and WARN sites.
        LineRule("kernel-bug", "kernel BUG at ", #"kernel BUG at (.+?):(\d+)!"#) { b, m in
            b.report.site = b.report.site ?? SourceSite(file: m.string(1) ?? "", line: m.int(2))
            return true
        },
        LineRule("kernel-bug", "Kernel BUG at ", #"Kernel BUG at (?:\S+ )?(?:\[[^\]]*\] )?(.+?):(\d+)!?"#) { b, m in
            b.report.site = b.report.site ?? SourceSite(file: m.string(1) ?? "", line: m.int(2))
            return true
        },
        // `WARNING: CPU: 0 PID: 1 at drivers/iommu/iommu.c:634 __iommu_group_free_device+0x…`
        LineRule("warning", "WARNING: ", #"WARNING: CPU: (\d+) PID: (\d+) at +(\S+?):(\d+) *(\S*)"#) { b, m in
            warnSite(b, file: m.string(3), line: m.int(4))
            b.withContext { c in c.cpu = c.cpu ?? m.int(1); c.pid = c.pid ?? m.int(2) }
            b.setNamedFunction(m.string(5))
            return true
        },
        // 6.16 on: the site first, the task last (`WARNING: drivers/iommu/io-pgtable-arm.c:569 at
        // arm_lpae_map_pages+0x1d4/0x4f0, CPU#0: (udev-worker)/212`).
        LineRule("warning", "WARNING: ", #"WARNING: (\S+?):(\d+) at (\S+), CPU#(\d+): (.+)/(\d+)\s*$"#) { b, m in
            warnSite(b, file: m.string(1), line: m.int(2))
            b.withContext { c in c.cpu = c.cpu ?? m.int(4); c.comm = c.comm ?? m.string(5); c.pid = c.pid ?? m.int(6) }
            b.setNamedFunction(m.string(3))
            return true
        },
        LineRule("warning", "WARNING: ", #"WARNING: (?:at )?(\S+?):(\d+) (\S+?)(?:\(\))?\s*(?:\(|$)"#) { b, m in
            warnSite(b, file: m.string(1), line: m.int(2))
            b.setNamedFunction(m.string(3))
            return true
        },
        LineRule("list-corruption", "list_") { _, _ in true },
        // dma-debug's finding opening a report whose WARNING line was not quoted: the check's
        // message (``ReportStart/warnMessage``).
        // Its `[device address=0x…]` is the DMA address the check is about, the address of the
        // report as an IOVA is of an IOMMU fault's.
        LineRule("dma-debug", "", #"(?:\S+ \S+: )?DMA-API: (?:\S+ \S+: )?device driver .*?(?:\[device address=0x([0-9a-fA-F]+)\].*)?$"#, containing: "DMA-API: ") { b, m in
            guard b.formats.first == .dmaDebug else { return false }
            guard b.report.site?.message == nil, let text = m.string(0) else { return true }
            b.report.site = SourceSite(file: b.report.site?.file, line: b.report.site?.line, function: b.report.site?.function, message: text)
            if let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            return true
        },
        // kmemleak's record (`cat /sys/kernel/debug/kmemleak`): `unreferenced object 0x… (size
        // 64):`, the allocating task, a hex dump, the allocation backtrace. The object is the
        // address the report is about, and the report's object (its stack is the backtrace).
        LineRule("kmemleak", "unreferenced object 0x", #"unreferenced object 0x([0-9a-fA-F]+) \(size (\d+)\):"#) { b, m in
            if let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            CheckedObjectRules.place(b, address: m.hex(1), size: m.int(2))
            return true
        },
        // Sanitizers.
        // 4.x named the address in the headline (`… in jffs2_rtime_compress+0x214/0x2f0 at addr
        // ffff800062e3b281`) and printed the access without it (`Write of size 1 by task tftp/2918`).
        LineRule("kasan", "BUG: KASAN: ", #"BUG: KASAN: ([\w-]+)(?: in (\S+?)(?:\+0x[0-9a-f]+/0x[0-9a-f]+)?)?(?: at addr ([0-9a-f]+))?(?: |$)"#) { b, m in
            b.sections.runUntilRule()
            let address = m.hex(3)   // (before the function's name reuses the scratch)
            b.setNamedFunction(m.string(2))
            if let a = address { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            return true
        },
        LineRule("kasan", "BUG: K", #"BUG: K(?:FENCE|MSAN|CSAN): "#) { b, _ in
            b.sections.runUntilRule()
            return true
        },
        LineRule("kasan-access", "", #"(Read|Write) of size (\d+)(?: at addr ([0-9a-f]+))? by task (.*)"#) { b, m in
            b.withFault { f in
                f.address = f.address ?? m.hex(3).map { Hex64($0) }
                f.access = f.access ?? (m.string(1) == "Write" ? .write : .read)
            }
            return true
        },
        // A double or invalid free: `Free of addr ffff0008164d3000 by task kworker/0:1/42`.
        LineRule("kasan-free", "Free of addr ", #"Free of addr ([0-9a-f]+) by task "#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        LineRule("kasan-marker", "=====") { b, _ in
            if b.sections.untilMarker != nil && b.sections.bodyLines > 0 { b.sections.untilMarker = nil; b.sections.markEnd() }
            return true
        },
        LineRule("ubsan", "UBSAN: ", #"UBSAN: (.+?) in (\S+?):(\d+):\d+"#) { b, m in
            b.report.site = b.report.site ?? SourceSite(file: m.string(2) ?? "", line: m.int(3))
            b.sections.runUntilRule()
            return true
        },
        // Lockups, stalls, hung tasks.
        LineRule("soft-lockup", "watchdog: BUG: soft lockup", #"watchdog: BUG: soft lockup - CPU#(\d+) stuck for (\d+)s! \[(.+):(\d+)\]"#) { b, m in
            b.withContext { c in c.cpu = c.cpu ?? m.int(1); c.comm = c.comm ?? m.string(3); c.pid = c.pid ?? m.int(4) }
            return true
        },
        LineRule("rcu", "rcu: ") { _, _ in true },
        LineRule("rcu", "INFO: rcu") { _, _ in true },
        LineRule("rcu", "(t=", #"\(t=\d+ jiffies"#) { _, _ in true },
        LineRule("rcu", "(detected by", #"\(detected by \d+"#) { _, _ in true },
        LineRule("rcu", "Task dump for CPU") { _, _ in true },
        LineRule("hung-task", "INFO: task ", #"INFO: task (.+):(\d+) blocked for more than (\d+) seconds"#) { b, m in
            b.withContext { c in c.comm = c.comm ?? m.string(1); c.pid = c.pid ?? m.int(2) }
            return true
        },
        LineRule("hung-task", "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"") { _, _ in true },
        LineRule("oom", "Out of memory") { _, _ in true },
        LineRule("oom", "Mem-Info:") { _, _ in true },
        LineRule("oom", "oom-kill:") { _, _ in true },
        LineRule("oom", "oom_reaper:") { _, _ in true },
        LineRule("oom", "Tasks state") { _, _ in true },
        LineRule("oom", "", #"\S.* invoked oom-killer: "#, containing: " invoked oom-killer: ") { _, _ in true },
        LineRule("unregister-netdevice", "unregister_netdevice: ") { _, _ in true },
    ]

    /// Fills the task and kernel of a report from a task line's captures (the first such line
    /// wins; its release, taint and build go together).
    static func task(_ b: ReportBuilder, _ m: RuleMatch, pid: Int, comm: Int, taint: Int, release: Int, build: Int, hardware: Int? = nil) {
        b.withContext { c in
            c.pid = c.pid ?? m.int(pid)
            c.comm = c.comm ?? m.string(comm)
            if c.kernel == nil {
                c.tainted = m.string(taint).map(Taint.normalize)
                c.kernel = m.string(release)
                c.build = m.string(build)
                if let hardware { c.hardware = c.hardware ?? m.string(hardware) }
            }
        }
    }
}

extension CommonRules {
    /// Catch-alls for report first lines whose details no specific rule read; tried last.
    static let fallbacks: [LineRule] = [
        LineRule("warning", "WARNING: ") { _, _ in true },
        LineRule("bug", "BUG: ") { _, _ in true },
        LineRule("slub", "BUG ") { b, _ in b.sections.runUntilRule(); return true },
        LineRule("hard-lockup", "NMI watchdog: ") { _, _ in true },
        LineRule("hard-lockup", "watchdog: ") { _, _ in true },
        LineRule("info", "INFO: ") { _, _ in true },
        LineRule("unable-to-handle", "Unable to handle kernel ") { _, _ in true },
        LineRule("internal-error", "Internal error: ") { _, _ in true },
        LineRule("bad-mode", "Bad mode in ") { _, _ in true },
    ]
}

/// Taint flag strings as printed by the kernel pad with spaces to fixed columns
/// (`G        W  `); the record keeps the letters with single spaces (`G W`).
public enum Taint {
    public static func normalize(_ flags: String) -> String {
        flags.split(separator: " ").joined(separator: " ")
    }

}

extension CommonRules {
    /// A WARNING's file and line, kept beside a message its report already holds.
    static func warnSite(_ b: ReportBuilder, file: String?, line: Int?) {
        guard b.report.site?.file == nil else { return }
        b.report.site = SourceSite(file: file ?? "", line: line, function: b.report.site?.function, message: b.report.site?.message)
    }
}
