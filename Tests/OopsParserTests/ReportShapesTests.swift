import Testing
import OopsCore
@testable import OopsParser

/// Report shapes met in first-sight round 1, each a class: console text glued before a record,
/// a `|` glued to the timestamp, a trimmed trace naming the title, SError titles, powerpc's
/// NIP, the OF refcount check, FORTIFY's finding before its BUG.
struct ReportShapesTests {
    @Test func consoleTextBeforeAStampIsNotTheRecord() throws {
        let prompt = "/ # [90216.140000] watchdog: BUG: soft lockup - CPU#0 stuck for 186s! [kworker/u3:3:2073]\n[90216.140000] Modules linked in:"
        #expect(Parsing.reports(prompt).first?.kind == .softLockup)
        let status = "Starting Securi[   22.713561] SError Interrupt on CPU26, code 0xbe000011 -- SError\n[   22.713571] pc : cppc_get_perf_caps+0xec/0x410"
        let r = try #require(Parsing.reports(status).first)
        #expect(r.kind == .serror)
        #expect(r.title == "SError Interrupt in cppc_get_perf_caps")
    }

    /// A serial capture from power-on: ARM Trusted Firmware's padded level names, and its own
    /// `WARNING:` among them, are no kernel WARN (first-sight round 17, a-11: it opened a
    /// WARNING that swallowed the kernel's external abort and its ESR).
    @Test func firmwaresWarningIsNoKernelWarn() throws {
        let text = """
        INFO:    BL31: Initializing runtime services
        WARNING: No OPTEE provided by BL2 boot loader, Booting device without
        OPTEE initialization. SMC`s destined for OPTEE will return SMC_UNK
        ERROR:   Error initializing runtime service opteed_fast
        INFO:    BL31: Preparing for EL3 exit to normal world
        [  429.179323] Internal error: synchronous external abort: 96000210 [#1] SMP
        [  429.180128] pc : copy_page_range+0x3a0/0x6e8
        """
        let reports = Parsing.reports(text)
        #expect(reports.count == 1)
        #expect(reports.first?.oops?.esr == 0x96000210)
        // The kernel's own WARN right after them is still one.
        let warn = "INFO:    BL31: Preparing for EL3 exit to normal world\nWARNING: CPU: 0 PID: 1 at drivers/demo.c:10 demo_fn+0x1/0x2\n"
        #expect(Parsing.reports(warn).first?.kind == .warning)
    }

    /// khungtaskd's panic dumps khungtaskd's own stack, never the blocked task's: after a
    /// hung-task line whose stack was not printed it is a report of its own, not that task's
    /// trace (first-sight round 17, c-05).
    @Test func hungTaskPanicIsNotTheBlockedTasksTrace() throws {
        let text = """
        [ 5776.355687] INFO: task kworker/1:2:24437 blocked for more than 122 seconds.
        [ 5776.359812] Kernel panic - not syncing: hung_task: blocked tasks
        [ 5776.359836] CPU: 1 PID: 55 Comm: khungtaskd Tainted: G        W         4.19.86 #137
        [ 5776.359855] Call trace:
        [ 5776.359862]  dump_backtrace+0x0/0x17c
        [ 5776.359868]  panic+0x150/0x2d4
        [ 5776.359875]  watchdog+0x2f8/0x3a0
        [ 5776.359881]  kthread+0x11c/0x12c
        [ 5776.359887]  ret_from_fork+0x10/0x18
        """
        let reports = Parsing.reports(text)
        try #require(reports.count == 2)
        #expect(reports[0].trace.isEmpty)
        #expect(reports[1].context?.comm == "khungtaskd")
    }

    @Test func aBarGluedToTheStampIsAQuote() throws {
        let text = """
        |[  255.822584] Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
        |[...]
        |[  255.822764] Call trace:
        |[  255.822766]  stmmac_tx_clean.constprop.0+0x848/0xc38
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.fault?.address == Hex64(0))
        // No pc line: the title names the trace's first function instead of `corrupted`.
        #expect(r.title == "BUG: unable to handle kernel NULL pointer dereference in stmmac_tx_clean")
    }

    @Test func anSErrorPanicIsNamedByTheInterruptedFrame() throws {
        let text = """
        [   16.816665] Kernel panic - not syncing: Asynchronous SError Interrupt
        [   16.816672] Call trace:
        [   16.816673]  show_stack+0x18/0x30 (C)
        [   16.816688]  vpanic+0xf8/0x2dc
        [   16.816693]  arm64_serror_panic+0x70/0x80
        [   16.816700]  do_serror+0x58/0x74
        [   16.816703]  el1h_64_error_handler+0x38/0x60
        [   16.816707]  el1h_64_error+0x70/0x74
        [   16.816709]  arm_smmu_write_s2cr+0x98/0xb4 (P)
        [   16.816712]  arm_smmu_write_sme+0x18/0x8c
        """
        #expect(Parsing.reports(text).first?.title == "kernel panic: Asynchronous SError Interrupt in arm_smmu_write_s2cr")
    }

    @Test func powerpcNIPIsThePC() throws {
        let text = """
        [    0.000000] kernel BUG at mm/memblock.c:519!
        [    0.000000] NIP:  c0000000004ba240 LR: c0000000004bb240 CTR: c0000000004ba210
        [    0.000000] NIP [c0000000004ba240] memblock_merge_regions.isra.12+0x40/0x130
        [    0.000000] LR [c0000000004bb240] memblock_add_range+0x190/0x300
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.pc?.symbol == "memblock_merge_regions.isra.12")
        #expect(r.lr?.symbol == "memblock_add_range")
    }

    @Test func theOFRefcountCheckIsAReport() throws {
        let text = """
        [    0.000000] OF: ERROR: Bad of_node_put() on /ocp/interconnect@4a000000/segment@0/target-module@5000
        [    0.000000] CPU: 0 PID: 0 Comm: swapper/0 Not tainted 5.6.0-rc7-next-20200327 #1
        [    0.000000] Backtrace:
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.kind == .bug)
        #expect(r.title.hasPrefix("OF: bad of_node_put()"))
    }

    @Test func fortifysFindingBeforeItsBugIsKept() throws {
        let text = """
        [ 4849.636861] detected buffer overflow in strlen
        [ 4849.636890] ------------[ cut here ]------------
        [ 4849.636902] kernel BUG at lib/string.c:1165!
        [ 4849.637047] Call Trace:
        """
        #expect(Parsing.reports(text).first?.site?.message == "detected buffer overflow in strlen")
    }

    /// 6.16 prints a WARN's site first and its task last: both are read.
    @Test func theSiteFirstWarningLine() throws {
        let text = """
        [  134.295174] WARNING: drivers/i2c/i2c-core.h:56 at __i2c_smbus_xfer+0x5c/0x228, CPU#0: systemd-sleep/388
        [  134.295200] Call trace:
        [  134.295210]  __i2c_smbus_xfer+0x5c/0x228 (P)
        [  134.295220]  i2c_smbus_xfer+0x7c/0x110
        """
        let r = try #require(Parsing.reports(text).first)
        #expect(r.site?.file == "drivers/i2c/i2c-core.h")
        #expect(r.site?.line == 56)
        #expect(r.site?.function == "__i2c_smbus_xfer")
        #expect(r.context?.cpu == 0)
        #expect(r.context?.pid == 388)
        #expect(r.context?.comm == "systemd-sleep")
    }

    /// A headline printed twice in a row under one stamp is one report (t-11 of round 20); a
    /// second SError a moment later is another.
    @Test func aHeadlineTwiceUnderOneStampIsOneReport() throws {
        let line = "[  377.452009] SError Interrupt on CPU3, code 0x00000000be000011 -- SError"
        let log = [line, line,
                   "[  377.452056] CPU: 3 PID: 243 Comm: growroot Not tainted 6.1.84 #10",
                   "[  377.452092] pc : __init_rwsem+0x44/0x54",
                   "[  377.452283] Kernel panic - not syncing: Asynchronous SError Interrupt"].joined(separator: "\n")
        let reports = Parsing.reports(log)
        #expect(reports.count == 1)
        #expect(reports.first?.pc?.symbol == "__init_rwsem")
        let later = Parsing.reports(log.replacingOccurrences(of: line + "\n" + line, with: line + "\n" + line.replacingOccurrences(of: "377.452009", with: "377.452010")))
        #expect(later.count == 2)
    }
}
