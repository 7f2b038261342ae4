import OopsCore

/// KASAN's inline check on arm64 (generic mode): `lsr xS, xA, #3`, then `ldrb`/`ldrsb wT, [xS,
/// xO]` with xO = KASAN_SHADOW_OFFSET, which differs by release and VA size but always lies at
/// 0xdfff… with its low 32 bits clear (0xdfffa00000000000 on 48-bit 5.x, 0xdfff800000000000
/// from 5.11, 0xdfffffd000000000 with 39-bit VAs). A translation fault on that load means the
/// shadow of `addr` is unmapped: `addr` itself was wild (a poison value, a garbage pointer).
/// Read from the replayed instruction and the dumped registers.
public enum Arm64KasanCheck {
    public static func access(_ r: Report) -> KasanCheckedAccess? {
        guard r.arch == .arm64, let p = r.replay, p.status == .reproduced, let insn = p.instruction,
              insn.hasPrefix("ldrb ") || insn.hasPrefix("ldrsb "), p.size == 1,
              let base = p.baseRegister, let index = p.indexRegister, let regs = r.registers,
              let b = regs[base], let i = regs[index] else { return nil }
        let (shifted, offset, value): (String, String, UInt64)
        if isShadowOffset(i) { (shifted, offset, value) = (base, index, b) }
        else if isShadowOffset(b) { (shifted, offset, value) = (index, base, i) }
        else { return nil }
        guard value <= UInt64.max >> 3 else { return nil }
        // The `lsr` that made the shifted register, when its source still holds the address
        // (the dump agrees): the access to the byte, not only its 8-byte granule.
        if let exact = shiftedSource(p, shifted, regs), exact >> 3 == value {
            return KasanCheckedAccess(range: exact...exact, shifted: shifted, offset: offset, instruction: "`\(insn)`",
                                      source: p.baseOrigin?.instruction)
        }
        let addr = value << 3
        return KasanCheckedAccess(range: addr...(addr + 7), shifted: shifted, offset: offset, instruction: "`\(insn)`")
    }

    /// The value of xA in `lsr <shifted>, xA, #3` just before the check.
    static func shiftedSource(_ p: Replay, _ shifted: String, _ regs: RegisterFile) -> UInt64? {
        guard let o = p.baseOrigin, o.instruction.hasPrefix("lsr ") else { return nil }
        let ops = o.instruction.dropFirst(4).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard ops.count == 3, ops[0] == shifted, ops[2] == "#3", ops[1] != shifted else { return nil }
        return regs[ops[1]]
    }

    static func isShadowOffset(_ v: UInt64) -> Bool { v >> 48 == 0xdfff && v & 0xffff_ffff == 0 }
}
