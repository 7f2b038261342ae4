import OopsCore

/// Decodes the saved PSTATE (SPSR_ELx layout for AArch64) and checks it against the flags
/// string the kernel printed (`print_pstate()` in arch/arm64/kernel/process.c:
/// `Nzcv daif +PAN +UAO -TCO -DIT -SSBS BTYPE=--`).
public enum PStateDecoder {
    /// Bit positions (Arm ARM, SPSR_EL1).
    enum Bit {
        static let n = 31, z = 30, c = 29, v = 28, tco = 25, dit = 24, uao = 23, pan = 22
        static let ssbs = 12, d = 9, a = 8, i = 7, f = 6, nRW = 4
    }

    /// BTYPE (bits 11:10) as the kernel prints it.
    static let btypeNames = ["--", "j-", "-c", "jc"]

    /// AArch32 modes (M[3:0] when M[4] is set), for compat tasks.
    static let aarch32Modes: [UInt64: String] = [0x0: "usr", 0x1: "fiq", 0x2: "irq", 0x3: "svc", 0x7: "abt", 0xb: "und", 0xf: "sys"]

    public static func decode(_ p: PState) -> PState {
        let raw = p.raw.value
        let bit = { (n: Int) -> Bool in (raw >> UInt64(n)) & 1 == 1 }
        var d = PState(raw: p.raw, flags: p.flags)
        d.n = bit(Bit.n); d.z = bit(Bit.z); d.c = bit(Bit.c); d.v = bit(Bit.v)
        d.daif = String([bit(Bit.d) ? "D" : "d", bit(Bit.a) ? "A" : "a", bit(Bit.i) ? "I" : "i", bit(Bit.f) ? "F" : "f"])
        d.pan = bit(Bit.pan); d.uao = bit(Bit.uao); d.tco = bit(Bit.tco); d.dit = bit(Bit.dit); d.ssbs = bit(Bit.ssbs)
        let btype = Int((raw >> 10) & 3)
        d.btype = btype
        d.btypeName = btypeNames[btype]
        if bit(Bit.nRW) {
            d.el = 0
            d.mode = "AArch32 " + (aarch32Modes[raw & 0xf] ?? "mode \(raw & 0xf)")
        } else {
            let el = Int((raw >> 2) & 3)
            d.el = el
            d.mode = "EL\(el)" + (raw & 1 == 1 ? "h" : "t")
        }
        let mismatches = check(d, printed: p.flags)
        d.mismatches = mismatches.isEmpty ? nil : mismatches
        return d
    }

    /// Compares each flag the kernel printed with the raw value.
    static func check(_ d: PState, printed: String?) -> [String] {
        guard let printed, !printed.isEmpty else { return [] }
        var out: [String] = []
        for token in printed.split(separator: " ") {
            let t = String(token)
            if t.count == 4, t.lowercased() == "nzcv" {
                let expect = String([d.n == true ? "N" : "n", d.z == true ? "Z" : "z", d.c == true ? "C" : "c", d.v == true ? "V" : "v"])
                if t != expect { out.append("flags print \(t), raw value says \(expect)") }
            } else if t.count == 4, t.lowercased() == "daif" {
                if t != d.daif { out.append("flags print \(t), raw value says \(d.daif ?? "?")") }
            } else if t.hasPrefix("+") || t.hasPrefix("-") {
                let on = t.hasPrefix("+")
                let name = String(t.dropFirst())
                let value: Bool?
                switch name {
                case "PAN": value = d.pan
                case "UAO": value = d.uao
                case "TCO": value = d.tco
                case "DIT": value = d.dit
                case "SSBS": value = d.ssbs
                default: value = nil
                }
                if let value, value != on { out.append("flags print \(t), raw value has \(name)=\(value ? 1 : 0)") }
            } else if t.hasPrefix("BTYPE=") {
                let name = String(t.dropFirst(6))
                if name != d.btypeName { out.append("flags print \(t), raw value says BTYPE=\(d.btypeName ?? "?")") }
            }
        }
        return out
    }
}
