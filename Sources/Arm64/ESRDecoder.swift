import OopsCore

/// Takes ESR_ELx apart (Arm ARM, ESR_EL1): EC[31:26], IL[25], ISS[24:0], ISS2[55:32], and the
/// ISS fields of the class's encoding.
public enum ESRDecoder {
    public static func decode(_ esr: UInt64) -> ESRDecoded {
        let ec = UInt8((esr >> 26) & 0x3f)
        let cls = ExceptionClasses.lookup(ec)
        let iss = esr & 0x1ff_ffff
        var d = ESRDecoded(ec: Hex64(UInt64(ec)), ecName: cls.name, il: (esr >> 25) & 1 == 1 ? 32 : 16, iss: Hex64(iss))
        let iss2 = (esr >> 32) & 0xff_ffff
        if iss2 != 0 { d.iss2 = Hex64(iss2) }
        let bit = { (n: Int) -> Bool in (iss >> UInt64(n)) & 1 == 1 }
        switch cls.iss {
        case .dataAbort:
            let fsc = UInt8(iss & 0x3f)
            let status = FaultStatusCodes.lookup(fsc)
            d.dfsc = Hex64(UInt64(fsc))
            d.dfscName = status.name
            d.isv = bit(24)
            if bit(24) {
                d.sas = 1 << Int((iss >> 22) & 3)
                d.sse = bit(21)
                d.srt = Int((iss >> 16) & 0x1f)
                d.sf = bit(15)
                d.ar = bit(14)
            }
            d.vncr = bit(13)
            if status.category == .externalAbort || status.category == .parity {
                d.set = SyncErrorTypes.names[UInt8((iss >> 11) & 3)] ?? "reserved"
            }
            d.fnv = bit(10)
            d.ea = bit(9)
            d.cm = bit(8)
            d.s1ptw = bit(7)
            d.wnr = bit(6)
        case .instructionAbort:
            let fsc = UInt8(iss & 0x3f)
            let status = FaultStatusCodes.lookup(fsc)
            d.ifsc = Hex64(UInt64(fsc))
            d.ifscName = status.name
            if status.category == .externalAbort || status.category == .parity {
                d.set = SyncErrorTypes.names[UInt8((iss >> 11) & 3)] ?? "reserved"
            }
            d.fnv = bit(10)
            d.ea = bit(9)
            d.s1ptw = bit(7)
        case .brk:
            let imm = UInt16(iss & 0xffff)
            d.comment = Hex64(UInt64(imm))
            d.meaning = BRKImmediates.meaning(of: imm)
        case .serror:
            d.ids = bit(24)
            if !bit(24) {
                let fsc = UInt8(iss & 0x3f)
                d.dfsc = Hex64(UInt64(fsc))
                d.dfscName = fsc == 0x11 ? "asynchronous SError interrupt" : (fsc == 0 ? "uncategorized" : "reserved")
                d.ea = bit(9)
                if fsc == 0x11 { d.aet = SErrorTypes.names[UInt8((iss >> 10) & 7)] ?? "reserved" }
            }
        case .systemRegister:
            d.sysreg = systemRegisterAccess(iss)
        case .other:
            break
        }
        return d
    }

    /// EC 0x18's ISS is the trapped instruction's fields: Op0[21:20] Op2[19:17] Op1[16:14]
    /// CRn[13:10] Rt[9:5] CRm[4:1] Direction[0] (1: read, MRS). Put back into an MSR/MRS
    /// (register) word, the disassembler names the register (`mrs x1, ctr_el0`); Op0 0 and 1
    /// are system instructions (`sys`, `dc`, `ic`, `tlbi` …), which the same words name.
    static func systemRegisterAccess(_ iss: UInt64) -> String {
        let op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7
        let crn = (iss >> 10) & 0xf, rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf, read = iss & 1
        let word = 0xd500_0000 | (read << 21) | (op0 << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | rt
        return Disassembler().decode(UInt32(word)).text
    }

    /// The access an abort's ESR describes: instruction aborts fetch; data aborts write when
    /// WnR=1 — except cache maintenance (CM=1), which reports WnR=1 for every operation.
    public static func access(_ d: ESRDecoded) -> Access? {
        if d.ifsc != nil { return .exec }
        guard d.dfsc != nil, d.ec.value == 0x24 || d.ec.value == 0x25 else { return nil }
        if d.cm == true { return nil }
        return d.wnr == true ? .write : .read
    }

    /// Compares oopsy's decoding with the kernel's own `Mem abort info` lines; one sentence per
    /// disagreement (none when the kernel printed nothing to compare).
    public static func disagreements(_ d: ESRDecoded, esr: UInt64, printed: [KernelDecodedField]) -> [String] {
        var out: [String] = []
        func number(_ text: String) -> UInt64? {
            let head = String(text.split(separator: ":").first ?? Substring(text)).split(separator: " ").first.map(String.init) ?? text
            if head.hasPrefix("0x") { return UInt64(head.dropFirst(2), radix: 16) }
            return UInt64(head)
        }
        for f in printed {
            // The ESR is hex however it was printed (the abort-info rule keeps its digits only).
            let v = f.name == "ESR" ? UInt64(f.value.hasPrefix("0x") ? String(f.value.dropFirst(2)) : f.value, radix: 16) : number(f.value)
            switch f.name {
            case "ESR":
                if let v, v != esr { out.append("the kernel printed ESR \(Hex64(v)) in its abort info but \(Hex64(esr)) elsewhere") }
            case "EC":
                if let v, v != d.ec.value { out.append("EC: kernel \(Hex64(v)), decoded \(d.ec)") }
                else if v == nil, !f.value.hasPrefix(d.ecName) { out.append("EC: kernel says \"\(f.value)\", decoded \"\(d.ecName)\"") }
            case "IL":
                if let v, Int(v) != d.il { out.append("IL: kernel \(v) bits, decoded \(d.il)") }
            case "FSC", "DFSC", "IFSC":
                let ours = d.dfsc ?? d.ifsc
                if let v, let ours, v != ours.value { out.append("FSC: kernel \(Hex64(v)), decoded \(ours)") }
            case "WnR":
                if let v, let w = d.wnr, (v == 1) != w { out.append("WnR: kernel \(v), decoded \(w ? 1 : 0)") }
            case "CM":
                if let v, let c = d.cm, (v == 1) != c { out.append("CM: kernel \(v), decoded \(c ? 1 : 0)") }
            case "EA":
                if let v, let e = d.ea, (v == 1) != e { out.append("EA: kernel \(v), decoded \(e ? 1 : 0)") }
            case "S1PTW":
                if let v, let s = d.s1ptw, (v == 1) != s { out.append("S1PTW: kernel \(v), decoded \(s ? 1 : 0)") }
            case "ISV":
                if let v, let s = d.isv, (v == 1) != s { out.append("ISV: kernel \(v), decoded \(s ? 1 : 0)") }
            case "ISS":
                if let v, v != d.iss.value { out.append("ISS: kernel \(Hex64(v)), decoded \(d.iss)") }
            default:
                break
            }
        }
        return out
    }
}
