import OopsCore

/// The architecture's preferred spellings where Capstone 4 prints the base form: `hint #25` is
/// `paciasp`, `movz x1, #0xa000, lsl #32` is `mov x1, #0xa00000000000`. Applied to oopsy's
/// own disassembly so it reads like `objdump -d` and the kernel's decodecode.
enum PreferredAliases {
    /// HINT immediates with a name (Arm ARM, HINT: "Hint instructions" table).
    static let hints: [Int64: String] = [
        0x00: "nop", 0x01: "yield", 0x02: "wfe", 0x03: "wfi", 0x04: "sev", 0x05: "sevl", 0x06: "dgh",
        0x07: "xpaclri", 0x08: "pacia1716", 0x0a: "pacib1716", 0x0c: "autia1716", 0x0e: "autib1716",
        0x10: "esb", 0x11: "psb csync", 0x12: "tsb csync", 0x14: "csdb", 0x16: "clrbhb",
        0x18: "paciaz", 0x19: "paciasp", 0x1a: "pacibz", 0x1b: "pacibsp",
        0x1c: "autiaz", 0x1d: "autiasp", 0x1e: "autibz", 0x1f: "autibsp",
        0x20: "bti", 0x22: "bti c", 0x24: "bti j", 0x26: "bti jc",
    ]

    /// `(mnemonic, operands)` in the preferred spelling.
    static func apply(mnemonic: String, operands: String, immediates: [Int64], registers: [String]) -> (String, String) {
        if mnemonic == "hint", let imm = immediates.first, let name = hints[imm] {
            let parts = name.split(separator: " ", maxSplits: 1)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        if mnemonic == "movz" || mnemonic == "movn", let rd = registers.first, let imm = immediates.first {
            // movz/movn Rd, #imm16{, lsl #shift}: the alias prints the resulting value.
            var shift: UInt64 = 0
            if let lsl = operands.pieces(separatedBy: "lsl #").last, operands.contains("lsl #") {
                shift = UInt64(lsl.hasPrefix("0x") ? Int(lsl.dropFirst(2), radix: 16) ?? 0 : Int(lsl) ?? 0)
            }
            var value = UInt64(bitPattern: imm) << shift
            if mnemonic == "movn" { value = ~value }
            if rd.hasPrefix("w") { value &= 0xffff_ffff }
            return ("mov", "\(rd), #0x" + String(value, radix: 16))
        }
        return (mnemonic, postIndexSigned(operands))
    }

    /// Capstone 4 prints a negative post-index offset as its 64-bit pattern (`ldr x21, [x20],
    /// #0xffffffffffffffd8`); the instruction's imm9 is signed: `#-40`, as objdump spells it.
    static func postIndexSigned(_ operands: String) -> String {
        let parts = operands.pieces(separatedBy: "], #0x")
        guard parts.count == 2 else { return operands }
        let digits = parts[1].prefix { $0.isHexDigit }
        guard digits.count == 16, let v = UInt64(digits, radix: 16), v >> 63 == 1 else { return operands }
        return parts[0] + "], #-" + String(0 &- v) + parts[1].dropFirst(16)
    }
}
