import OopsCore

/// A detector's panic (`Kernel panic - not syncing: softlockup: hung tasks`) after the report
/// that made it: panic() dumps the stack again, so with its dump it is a report of its own. A
/// log cut right after the panic line (a paste, a console that stopped) shows none; the line is
/// then the end of the report before it, as the kernel printed it as that report's outcome.
struct PanicTail {
    /// The report the panic followed, held back from emission until the panic's report ends.
    let owner: Int
    /// The panic's own report.
    let panic: Int

    /// The panic's report holds nothing of a dump: no task line, registers or frames.
    static func isBare(_ r: Report) -> Bool {
        r.context?.pid == nil && r.context?.cpu == nil && r.trace.isEmpty && r.pc == nil && r.registers == nil
    }

    /// The panic's line joins the report it ended.
    static func append(_ panic: Report, to owner: inout Report) {
        owner.panic = owner.panic ?? panic.panic
        owner.lines.last = max(owner.lines.last, panic.lines.last)
        if let raw = panic.rawLines, let starts = panic.rawMessageStarts, owner.rawLines != nil {
            owner.rawLines?.append(contentsOf: raw)
            owner.rawMessageStarts?.append(contentsOf: starts)
        }
    }
}
