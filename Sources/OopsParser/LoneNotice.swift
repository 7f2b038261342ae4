import OopsCore

/// A `WARNING: …` line that opened a report and was all of it: a notice a driver or a program
/// printed (pip's `WARNING: Running pip as the 'root' user …` in a build log, a driver's
/// pr_warn), not a kernel report. The kernel's own WARNING lines are kept even when a paste
/// holds nothing more: WARN()'s `WARNING: CPU: 0 PID: 1 at …` (`WARNING: at …` before 3.x)
/// x86's unwinder (`WARNING: kernel stack regs at … has bad 'bp' value`, ORC's `WARNING: stack
/// going in the wrong direction? at …`), and lockdep's headlines (``LockdepHeadlines``). A report that took any other line (a
/// trace, registers, a module list) is a report whatever its first line says.
enum LoneNotice {
    /// What follows `WARNING: ` in the kernel's own lines (kernel/panic.c's __warn(),
    /// arch/x86/kernel/unwind_frame.c and unwind_orc.c).
    static let kernelForms = ["CPU: ", "at ", "kernel stack ", "stack recursion on stack type", "stack going in the wrong direction",
                              "can't access registers at ", "can't dereference "]

    static func isNotice(_ r: Report) -> Bool {
        guard r.format == .warning, r.trace.isEmpty, r.pc == nil, (r.rawLines?.count ?? 0) <= 1,
              r.message.hasPrefix("WARNING: ") else { return false }
        let text = r.message.dropFirst("WARNING: ".count)
        if kernelForms.contains(where: { text.hasPrefix($0) }) { return false }
        return LockdepHeadlines.finding(in: r.message) == nil
    }
}
