/// Names x86 gives its exception paths in a trace, for reports whose headline and RIP are lost
/// (a trace pasted alone): the trace itself then says which exception it was and where.
public enum X86Exceptions {
    /// The exception entries (5.8+ `asm_exc_*`, the older entry stubs): the frame printed right
    /// after one is the interrupted ip, unreliable (`? `) because the unwinder read it from the
    /// exception's registers, not from a call.
    public static let entries: Set<String> = ["asm_exc_page_fault", "asm_exc_general_protection", "asm_exc_invalid_op",
                                              "page_fault", "general_protection", "invalid_op"]
    /// What the crash path calls before the exception's entry shows in the trace: die() and
    /// its helpers, page_fault_oops(), WARN's __warn().
    static let diePath: Set<String> = ["__die", "die", "__die_body", "die_addr", "page_fault_oops", "__warn"]

    /// The exception entry of the crash a trace pasted alone shows: the first entry within a
    /// few frames below the die path (a later one is a stale return address, an earlier user
    /// fault's).
    public static func crashEntry(in trace: [Frame]) -> Int? {
        guard let die = trace.prefix(24).firstIndex(where: { diePath.contains($0.baseSymbol) }) else { return nil }
        return trace[die...].prefix(6).firstIndex { entries.contains($0.baseSymbol) }
    }

    /// Whether `frame`, printed after the entry, can be the interrupted ip: the unwinder also
    /// prints saved register values that happen to be text addresses, and an ip is never a
    /// function's first byte's patching pad or one past its end.
    public static func couldBeInterruptedIP(_ frame: Frame) -> Bool {
        guard let offset = frame.offset, offset.value != 0, !frame.symbol.hasPrefix("__pfx_") else { return false }
        return frame.size.map { offset.value < $0.value } ?? true
    }

    /// The #GP handler (5.8+ and 5.5–5.7 names), the only caller of die_addr() (5.5+).
    public static let generalProtectionHandlers: Set<String> = ["exc_general_protection", "do_general_protection"]

    /// Where the die path of a #GP shows in `trace`: die_addr() right above its handler (a
    /// stale handler frame elsewhere, or a #GP fixed up without dying, does not count).
    public static func generalProtectionDie(in trace: [Frame]) -> Int? {
        let top = trace.prefix(24)
        return top.indices.first { i in
            top[i].baseSymbol == "die_addr" && i + 1 < top.endIndex && generalProtectionHandlers.contains(top[i + 1].baseSymbol)
        }
    }
}

extension Report {
    /// A trace pasted without its headline or RIP whose first frames run through x86's #GP
    /// handler: a general protection fault, its address unknown.
    public var isHeadlessGeneralProtection: Bool {
        format == .headless && pc == nil && X86Exceptions.generalProtectionDie(in: trace) != nil
    }
}
