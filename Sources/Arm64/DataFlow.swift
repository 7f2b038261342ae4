import OopsCore

/// Where the base register of the faulting access came from inside the code window: the last
/// earlier instruction that wrote it (`x1 ← ldr [x19, #0x8]`), so a diagnosis can say "the
/// pointer loaded from offset 0x8 of the object in x19 was NULL".
public enum DataFlow {
    /// `x26`, `w26` → `x26`; `sp`/`wsp` → `sp`.
    public static func canonical(_ reg: String) -> String {
        if reg == "wsp" { return "sp" }
        if reg.hasPrefix("w"), Int(reg.dropFirst()) != nil { return "x" + reg.dropFirst() }
        if reg == "fp" { return "x29" }
        if reg == "lr" { return "x30" }
        return reg
    }

    public static func origin(of base: String, window: [DecodedInstruction], faultingIndex: Int,
                              registers: RegisterFile) -> BaseOrigin? {
        let target = canonical(base)
        guard faultingIndex > 0, faultingIndex <= window.count else { return nil }
        for i in stride(from: faultingIndex - 1, through: 0, by: -1) {
            let insn = window[i]
            guard insn.decoded, insn.registersWritten.map(canonical).contains(target) else { continue }
            let rel = 4 * (i - faultingIndex)
            // A branch between the writer and the fault means the path through the window may
            // not be the one that ran.
            let crossesBranch = window[(i + 1)..<faultingIndex].contains { isBranch($0) }
            var how = "other"
            var source: String? = nil
            var offset: Hex64? = nil
            if let mem = insn.memory, insn.mnemonic.hasPrefix("ld") {
                how = "load"
                source = mem.base.map(canonical)
                offset = Hex64(UInt64(bitPattern: mem.displacement))
            } else if insn.mnemonic == "mov" || insn.mnemonic == "orr" {
                how = "move"
                source = insn.registerOperands.dropFirst().first.map(canonical)
            } else if insn.mnemonic == "add" || insn.mnemonic == "sub" {
                how = insn.mnemonic
                source = insn.registerOperands.dropFirst().first.map(canonical)
                if let imm = insn.immediates.first { offset = Hex64(UInt64(bitPattern: imm)) }
            }
            // The source register's dumped value is the one the instruction used only if nothing
            // (including the instruction itself) wrote it between there and the fault.
            var value: Hex64? = nil
            if let s = source, let n = RegisterFile.armIndex(s) {
                let clobbered = window[i..<faultingIndex].contains { $0.registersWritten.map(canonical).contains(s) }
                if !clobbered, let v = registers.x(n) { value = Hex64(v) }
            }
            return BaseOrigin(relative: rel, instruction: insn.text + (crossesBranch ? " (a branch lies between it and the fault)" : ""),
                              how: how, sourceRegister: source, sourceOffset: offset, sourceValue: value)
        }
        return nil
    }

    static func isBranch(_ i: DecodedInstruction) -> Bool {
        let m = i.mnemonic
        return m == "b" || m.hasPrefix("b.") || m == "bl" || m == "br" || m == "blr" || m == "ret"
            || m == "cbz" || m == "cbnz" || m == "tbz" || m == "tbnz"
    }
}
