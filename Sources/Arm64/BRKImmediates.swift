import OopsCore

/// What Linux means by a `brk #imm` (arch/arm64/include/asm/brk-imm.h): the immediate is the
/// ESR's ISS comment for EC 0x3C. Ranges as data, most specific first.
public enum BRKImmediates {
    struct Row {
        let lo: UInt16
        let hi: UInt16
        let meaning: String
    }

    static let rows: [Row] = [
        Row(lo: 0x004, hi: 0x004, meaning: "kprobes"),
        Row(lo: 0x005, hi: 0x005, meaning: "uprobes"),
        Row(lo: 0x006, hi: 0x006, meaning: "kprobes single-step"),
        Row(lo: 0x007, hi: 0x007, meaning: "kretprobes"),
        Row(lo: 0x100, hi: 0x100, meaning: "fault injection (FAULT_BRK_IMM)"),
        Row(lo: 0x400, hi: 0x400, meaning: "KGDB dynamic breakpoint"),
        Row(lo: 0x401, hi: 0x401, meaning: "KGDB compiled breakpoint"),
        Row(lo: 0x800, hi: 0x800, meaning: "BUG()/WARN() (the bug table says which)"),
        Row(lo: 0x900, hi: 0x9FF, meaning: "KASAN (software tag-based) report"),
        Row(lo: 0x5500, hi: 0x55FF, meaning: "UBSAN check failed"),
        Row(lo: 0x8000, hi: 0x83FF, meaning: "CFI check failed (kCFI)"),
    ]

    /// UBSAN_BRK_IMM's low byte under clang's -fsanitize-trap: the check, numbered as the
    /// kernel's `enum ubsan_checks` (lib/ubsan.h, from 6.7) copies clang's SanitizerHandler list.
    static let ubsanChecks = [
        "add_overflow", "builtin_unreachable", "cfi_check_fail", "divrem_overflow", "dynamic_type_cache_miss",
        "float_cast_overflow", "function_type_mismatch", "implicit_conversion", "invalid_builtin", "invalid_objc_cast",
        "load_invalid_value", "missing_return", "mul_overflow", "negate_overflow", "nullability_arg",
        "nullability_return", "nonnull_arg", "nonnull_return", "out_of_bounds", "pointer_overflow",
        "shift_out_of_bounds", "sub_overflow", "type_mismatch", "alignment_assumption", "vla_bound_not_positive",
    ]

    /// The crash class a trapping `brk #imm` stands for, when it names one.
    public static func kind(of imm: UInt16) -> CrashKind? {
        switch imm {
        case 0x800: return .bug
        case 0x900...0x9ff: return .kasan
        case 0x5500...0x55ff: return .ubsan
        case 0x8000...0x83ff: return .bug
        default: return nil
        }
    }

    /// The meaning of the immediate, with the KASAN/UBSAN details encoded in its low bits.
    public static func meaning(of imm: UInt16) -> String? {
        guard let row = rows.first(where: { (Int($0.lo)...Int($0.hi)).contains(Int(imm)) }) else { return nil }
        switch row.lo {
        case 0x900:
            // KASAN_ESR_WRITE 0x10, KASAN_ESR_RECOVER 0x20, size = 1 << (imm & 0xf).
            let write = imm & 0x10 != 0
            let size = 1 << Int(imm & 0xf)
            return "KASAN (software tag-based) report: \(write ? "write" : "read") of \(size) bytes\(imm & 0x20 != 0 ? ", recoverable" : "")"
        case 0x5500:
            let check = Int(imm & 0xff)
            return "UBSAN check failed" + (check < ubsanChecks.count ? ": \(ubsanChecks[check])" : "") + " (check type \(check))"
        case 0x8000:
            return "CFI check failed (kCFI, target register x\(imm & 0x1f), type register x\((imm >> 5) & 0x1f))"
        default:
            return row.meaning
        }
    }
}
