import OopsCore

/// KASAN's inline check on x86-64, read from the code bytes and registers. Before an access to
/// `addr` the compiler emits `shr rX, 3` and `cmp byte ptr [rX + rY], 0` (or `movzx r32, byte
/// ptr [rX + rY]`) with rY = KASAN_SHADOW_OFFSET. A general protection fault *on that
/// instruction* means the shadow address was non-canonical, so `addr` itself was wild or near
/// NULL, and rX << 3 is `addr` to within the 8 bytes one shadow byte covers. Kernels from 5.8
/// print that range themselves (`KASAN: null-ptr-deref in range […]`); older ones do not.
public enum X86KasanCheck {
    /// KASAN_SHADOW_OFFSET on x86-64 (4-level and 5-level paging alike).
    static let shadowOffset: UInt64 = 0xdffffc00_00000000
    /// General registers by their number in ModRM/SIB (+8 with REX), as the dump names them.
    static let registers = ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                            "r08", "r09", "r10", "r11", "r12", "r13", "r14", "r15"]

    /// The access a KASAN check at the faulting byte was guarding; nil when the faulting
    /// instruction is not such a check.
    public static func access(_ r: Report) -> KasanCheckedAccess? {
        guard r.arch == .x86_64, let code = r.code, let i = code.faultingIndex, let regs = r.registers else { return nil }
        let bytes = code.words.compactMap { UInt8($0, radix: 16) }
        guard bytes.count == code.words.count, i < bytes.count else { return nil }
        var k = i
        var rex: UInt8 = 0
        if bytes[k] & 0xf0 == 0x40 { rex = bytes[k]; k += 1 }
        guard k + 3 < bytes.count else { return nil }
        // ModRM mod 00, r/m 100: a SIB byte follows, no displacement.
        let sibAt: Int
        let mnemonic: String
        if bytes[k] == 0x80, bytes[k + 1] == 0x3c, bytes[k + 3] == 0x00 {
            sibAt = k + 2            // 80 /7 ib: cmp byte ptr [sib], 0
            mnemonic = "cmp byte ptr"
        } else if bytes[k] == 0x0f, bytes[k + 1] == 0xb6, bytes[k + 2] & 0xc7 == 0x04 {
            sibAt = k + 3            // 0f b6 /r: movzx r32, byte ptr [sib]
            mnemonic = "movzx from byte ptr"
        } else {
            return nil
        }
        let sib = bytes[sibAt]
        let index = Int((sib >> 3) & 7) | (rex & 0x02 != 0 ? 8 : 0)
        let base = Int(sib & 7) | (rex & 0x01 != 0 ? 8 : 0)
        // Scale 1; index 100 means none; base 101 with mod 00 means a displacement instead.
        guard sib >> 6 == 0, index != 4, base & 7 != 5,
              let a = regs[registers[base]], let b = regs[registers[index]] else { return nil }
        let (shiftedReg, offsetReg, value): (String, String, UInt64)
        if b == shadowOffset { (shiftedReg, offsetReg, value) = (registers[base], registers[index], a) }
        else if a == shadowOffset { (shiftedReg, offsetReg, value) = (registers[index], registers[base], b) }
        else { return nil }
        guard value <= UInt64.max >> 3 else { return nil }
        let addr = value << 3
        return KasanCheckedAccess(range: addr...(addr + 7), shifted: shiftedReg, offset: offsetReg,
                      instruction: "\(mnemonic) [\(registers[base]) + \(registers[index])]")
    }
}
