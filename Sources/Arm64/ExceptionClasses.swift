/// ESR_ELx.EC: one row per exception class the architecture defines, named as Linux prints it
/// (`esr_class_str[]` in arch/arm64/kernel/traps.c) and saying how its ISS is laid out.
public struct ExceptionClass: Sendable {
    public let code: UInt8
    public let name: String
    public let iss: ISSLayout

    /// Which ISS encoding a class uses (Arm ARM, ESR_EL1).
    public enum ISSLayout: Sendable {
        case dataAbort, instructionAbort, brk, serror, systemRegister, other
    }
}

/// ESR_ELx.EC values of the Arm ARM (D17.2.37), one row per class, as data.
public enum ExceptionClasses {
    public static let table: [ExceptionClass] = [
        ExceptionClass(code: 0x00, name: "Unknown/Uncategorized", iss: .other),
        ExceptionClass(code: 0x01, name: "WFI/WFE", iss: .other),
        ExceptionClass(code: 0x03, name: "CP15 MCR/MRC", iss: .other),
        ExceptionClass(code: 0x04, name: "CP15 MCRR/MRRC", iss: .other),
        ExceptionClass(code: 0x05, name: "CP14 MCR/MRC", iss: .other),
        ExceptionClass(code: 0x06, name: "CP14 LDC/STC", iss: .other),
        ExceptionClass(code: 0x07, name: "ASIMD", iss: .other),
        ExceptionClass(code: 0x08, name: "CP10 MRC/VMRS", iss: .other),
        ExceptionClass(code: 0x09, name: "PAC", iss: .other),
        ExceptionClass(code: 0x0A, name: "LD64B/ST64B", iss: .other),
        ExceptionClass(code: 0x0C, name: "CP14 MCRR/MRRC", iss: .other),
        ExceptionClass(code: 0x0D, name: "BTI", iss: .other),
        ExceptionClass(code: 0x0E, name: "PSTATE.IL", iss: .other),
        ExceptionClass(code: 0x11, name: "SVC (AArch32)", iss: .other),
        ExceptionClass(code: 0x12, name: "HVC (AArch32)", iss: .other),
        ExceptionClass(code: 0x13, name: "SMC (AArch32)", iss: .other),
        ExceptionClass(code: 0x14, name: "MSRR/MRRS (AArch64)", iss: .other),
        ExceptionClass(code: 0x15, name: "SVC (AArch64)", iss: .other),
        ExceptionClass(code: 0x16, name: "HVC (AArch64)", iss: .other),
        ExceptionClass(code: 0x17, name: "SMC (AArch64)", iss: .other),
        ExceptionClass(code: 0x18, name: "MSR/MRS (AArch64)", iss: .systemRegister),
        ExceptionClass(code: 0x19, name: "SVE", iss: .other),
        ExceptionClass(code: 0x1A, name: "ERET/ERETAA/ERETAB", iss: .other),
        ExceptionClass(code: 0x1C, name: "FPAC", iss: .other),
        ExceptionClass(code: 0x1D, name: "SME", iss: .other),
        ExceptionClass(code: 0x1F, name: "EL3 IMP DEF", iss: .other),
        ExceptionClass(code: 0x20, name: "IABT (lower EL)", iss: .instructionAbort),
        ExceptionClass(code: 0x21, name: "IABT (current EL)", iss: .instructionAbort),
        ExceptionClass(code: 0x22, name: "PC Alignment", iss: .other),
        ExceptionClass(code: 0x24, name: "DABT (lower EL)", iss: .dataAbort),
        ExceptionClass(code: 0x25, name: "DABT (current EL)", iss: .dataAbort),
        ExceptionClass(code: 0x26, name: "SP Alignment", iss: .other),
        ExceptionClass(code: 0x27, name: "MOPS", iss: .other),
        ExceptionClass(code: 0x28, name: "FP (AArch32)", iss: .other),
        ExceptionClass(code: 0x2C, name: "FP (AArch64)", iss: .other),
        ExceptionClass(code: 0x2D, name: "GCS", iss: .other),
        ExceptionClass(code: 0x2F, name: "SError", iss: .serror),
        ExceptionClass(code: 0x30, name: "Breakpoint (lower EL)", iss: .other),
        ExceptionClass(code: 0x31, name: "Breakpoint (current EL)", iss: .other),
        ExceptionClass(code: 0x32, name: "Software Step (lower EL)", iss: .other),
        ExceptionClass(code: 0x33, name: "Software Step (current EL)", iss: .other),
        ExceptionClass(code: 0x34, name: "Watchpoint (lower EL)", iss: .other),
        ExceptionClass(code: 0x35, name: "Watchpoint (current EL)", iss: .other),
        ExceptionClass(code: 0x38, name: "BKPT (AArch32)", iss: .other),
        ExceptionClass(code: 0x3A, name: "Vector catch (AArch32)", iss: .other),
        ExceptionClass(code: 0x3C, name: "BRK (AArch64)", iss: .brk),
    ]

    private static let byCode: [UInt8: ExceptionClass] = Dictionary(uniqueKeysWithValues: table.map { ($0.code, $0) })

    /// The class, or an `UNRECOGNIZED EC` row (Linux's name for reserved values).
    public static func lookup(_ code: UInt8) -> ExceptionClass {
        byCode[code] ?? ExceptionClass(code: code, name: "UNRECOGNIZED EC", iss: .other)
    }
}
