/// Lines that carry a report's header word without being a report: boot notices, user-space
/// programs and debug output that happen to print `WARNING:`, `BUG:`, `INFO:`, `panic:`.
/// Shared by the scanner's start table (``ReportStarts``), which does not open a report on
/// them, and the title table (``TitleFormats``), which does not take them for a headline.
/// Each entry is a pattern searched in the line.
public enum NotReports {
    /// `DEBUG:` contains `BUG:`; Android and the fuzzer print their own `…BUG:` lines.
    static let bug = ["ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:", "BUG: no syscalls can create resource"]
    /// Printed by user space or as boot-time notices, not kernel warnings.
    static let warning = [
        "WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
        "WARNING: workqueue cpumask: online intersect", "WARNING: [Tt]he mand mount option",
        #"WARNING: Unsupported flag value\(s\) of 0x%x in DT_FLAGS_1"#, "WARNING: Unprivileged eBPF is enabled with eIBRS",
        #"WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size"#, "WARNING: See https.* for mitigation options.",
        "WARNING: kernel not compiled with CPU_SRSO", #"EXT4-[Ff][Ss](?: \(.*\))?:"#,
        "(?i)warning: .* uses (?:deprecated v2 capabilities|wireless extensions)", #"XFS \(\w+\): WARNING"#,
        // modpost's build output pasted beside a crash (`WARNING: "vfs_write" [/…/x.ko] undefined!`,
        // `WARNING: modpost: …`).
        #"WARNING: "[^"]+" \[[^\]]+\] undefined!"#, "WARNING: modpost: ",
        // syzbot's titles, quoted in its mails (`WARNING: ODEBUG bug in bt_link_release`,
        // `WARNING: locking bug in evict`): no kernel WARNING line ends with ` in <function>`.
        #"WARNING: [A-Za-z][^:]* in [A-Za-z_][\w.]*\s*$"#,
    ]
    /// dma-debug's message quoted in prose (a mail's subject: `dvb_usb_cxusb triggers
    /// "DMA-API: device driver maps memory from stack" error`): the kernel's line has no quote
    /// mark before it.
    static let dmaDebug = [#"["'“‘`]DMA-API: "#]
    /// Notices of lockdep, the stall detector and the fuzzer that are not reports.
    static let info = [
        "INFO: lockdep is turned off", "INFO: Stall ended before state dump start", "INFO: NMI handler",
        "INFO: recovery required on readonly filesystem", "(?:handler|interrupt).*took too long",
        "INFO: sys_.* is not present in /proc/kallsyms", "INFO: no syscalls can create resource",
        "rmt_storage:INFO:", "_INFO:",
    ]
    /// A user-space segfault logged by the kernel (`traps: … general protection fault … error:0 in libc`).
    static let generalProtectionFault = [#"general protection fault .* error:\d+ in "#]
    /// Sound drivers and timers print `fatal error:` lines that are not a Go runtime's.
    static let fatalError = ["ALSA", "fatal error: cannot create timer"]
    /// Kernel functions and Android logs whose names end in `panic:`.
    static let panic = ["_panic:", "xlog_status:", #"ddb\.onpanic:"#, "evtlog_status:"]
    /// Boot banners echoed back in a mount option or by the decompressor are not reboots.
    static let reboot = ["Parsing ELF|Decompressing Linux|Unknown parameter '"]

    static func pattern(_ entries: [String]) -> Pattern { Pattern(entries.joined(separator: "|")) }
}
