/// Names x86 gives its exception paths in a trace, for reports whose headline and RIP are lost
/// (a trace pasted alone): the trace itself then says which exception it was and where.
public enum X86Exceptions {
    /// The exception entries (5.8+ `asm_exc_*`, the older entry stubs): the frame printed right
    /// after one is the interrupted ip, unreliable (`? `) because the unwinder read it from the
    /// exception's registers, not from a call.
    public static let entries: Set<String> = ["asm_exc_page_fault", "asm_exc_general_protection", "asm_exc_invalid_op",
                                              "page_fault", "general_protection", "invalid_op"]
    /// The #GP handler (5.8+ and older name), which calls die_addr() for a kernel-mode fault.
    public static let generalProtectionHandlers: Set<String> = ["exc_general_protection", "do_general_protection"]
}

extension Report {
    /// A trace pasted without its headline or RIP whose first frames run through x86's #GP
    /// handler: a general protection fault, its address unknown.
    public var isHeadlessGeneralProtection: Bool {
        format == .headless && pc == nil && trace.prefix(24).contains { X86Exceptions.generalProtectionHandlers.contains($0.baseSymbol) }
    }
}
