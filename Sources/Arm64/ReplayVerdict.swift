import OopsCore

/// Builds the REPLAY record from the decoded faulting instruction, what the emulator saw, and
/// what the kernel reported (FAR / message address, ESR WnR and CM).
public enum ReplayVerdict {
    /// Cache-maintenance operations by address: no load or store, but they fault like one
    /// (ESR CM=1) at the address in their register.
    static let cacheMaintenance: Set<String> = ["civac", "ivac", "cvac", "cvau", "cvap", "cvadp", "zva", "cisw", "isw", "csw", "gva", "gzva"]

    /// Instructions that do not access data memory, and what they mean in a kernel oops.
    static func nonAccessMeaning(_ insn: DecodedInstruction) -> String? {
        switch insn.mnemonic {
        case "brk":
            let imm = UInt16(truncatingIfNeeded: insn.immediates.first ?? 0)
            return "brk #\(Hex64(UInt64(imm))): " + (BRKImmediates.meaning(of: imm) ?? "software breakpoint")
        case "udf": return "permanently undefined instruction (udf)"
        case "hlt": return "halting breakpoint (hlt)"
        case "eret", "eretaa", "eretab": return "exception return"
        case "hvc", "smc", "svc": return "\(insn.mnemonic): a call to a higher exception level"
        default:
            if DataFlow.isBranch(insn) { return "branch: the fault is an instruction fetch at its target" }
            return nil
        }
    }

    public static func build(insn: DecodedInstruction, emulated: EmulatedAccess, expected: UInt64?, esr: ESRDecoded?,
                             registers: RegisterFile, sp: UInt64?) -> Replay {
        var r = Replay(status: .notAMemoryAccess)
        r.instruction = insn.text
        r.expectedAddress = expected.map { Hex64($0) }
        // Where the address came from, per the instruction's memory operand.
        if let mem = insn.memory, let base = mem.base {
            let b = DataFlow.canonical(base)
            r.baseRegister = b
            let value = b == "sp" ? sp : RegisterFile.armIndex(b).flatMap { registers.x($0) }
            r.baseValue = value.map { Hex64($0) }
            let disp = insn.postIndex ? 0 : mem.displacement
            if disp < 0 { r.signedOffset = "-" + Hex64(UInt64(-disp)).description }
            r.offset = Hex64(UInt64(bitPattern: disp))
            r.indexRegister = mem.index.map(DataFlow.canonical)
            r.writeback = insn.writeback ? true : nil
        }
        if insn.mnemonic == "dc", let op = insn.operands.split(separator: ",").first.map({ String($0).trimmingBlanks }),
           cacheMaintenance.contains(op), let reg = insn.registerOperands.last.map(DataFlow.canonical) {
            // Cache maintenance by VA: the faulting address is the register's value.
            r.baseRegister = reg
            r.offset = 0
            guard let n = RegisterFile.armIndex(reg), let v = registers.x(n) else {
                r.status = .insufficientData
                r.note = "register \(reg) is not in the dump"
                return r
            }
            r.baseValue = Hex64(v)
            r.address = Hex64(v)
            r.size = nil
            r.note = "cache maintenance (dc \(op)); ESR reports CM=1 and WnR=1 for these" + (esr?.cm == true ? "" : ", but this ESR has CM=0")
            return compare(&r, emulatedAddress: v, expected: expected, op: "dc")
        }
        if insn.memory == nil {
            r.status = .notAMemoryAccess
            r.note = nonAccessMeaning(insn) ?? (insn.decoded ? "\(insn.mnemonic) does not access memory" : "the word does not decode")
            return r
        }
        switch emulated {
        case .failed(let why):
            r.status = .error
            r.note = why
            return r
        case .noAccess:
            r.status = .notAMemoryAccess
            r.note = "\(insn.mnemonic) made no memory access in the emulator (a prefetch, or a condition not met)"
            return r
        case .access(let a, let synthetic):
            r.access = a.access
            r.size = a.size
            r.address = Hex64(a.address)
            if insn.mnemonic.hasPrefix("ldp") || insn.mnemonic.hasPrefix("stp") { r.note = "pair access; the first of its two accesses" }
            if synthetic, insn.memory?.base == nil { r.note = "PC-relative access replayed at a synthetic pc; the address is not comparable" }
            var out = compare(&r, emulatedAddress: a.address, expected: expected, op: insn.mnemonic)
            if let esr, let wnr = esr.wnr, esr.cm != true, out.status == .reproduced {
                let write = a.access == .write
                if wnr != write && !isAtomic(insn) {
                    out.note = (out.note.map { $0 + "; " } ?? "") + "ESR says \(wnr ? "write" : "read") but the instruction \(write ? "writes" : "reads") first"
                }
            }
            return out
        }
    }

    static func isAtomic(_ i: DecodedInstruction) -> Bool {
        let m = i.mnemonic
        return m.hasPrefix("cas") || m.hasPrefix("swp") || m.hasPrefix("ldadd") || m.hasPrefix("ldclr")
            || m.hasPrefix("ldeor") || m.hasPrefix("ldset") || m.hasPrefix("ldsmax") || m.hasPrefix("ldsmin")
            || m.hasPrefix("ldumax") || m.hasPrefix("ldumin") || m.hasPrefix("stadd") || m.hasPrefix("stclr")
            || m.hasPrefix("steor") || m.hasPrefix("stset")
    }

    static func compare(_ r: inout Replay, emulatedAddress: UInt64, expected: UInt64?, op: String) -> Replay {
        guard let expected else {
            r.status = .insufficientData
            r.note = (r.note.map { $0 + "; " } ?? "") + "the report gives no fault address to compare with"
            return r
        }
        if emulatedAddress == expected {
            r.status = .reproduced
        } else if emulatedAddress & 0x00ff_ffff_ffff_ffff == expected & 0x00ff_ffff_ffff_ffff {
            // FAR's top byte is not reliable for tagged (TBI) addresses; Linux clears it.
            r.status = .reproduced
            r.note = (r.note.map { $0 + "; " } ?? "") + "equal below the top byte (top-byte-ignore: FAR bits 63:56 are not reported)"
        } else {
            r.status = .mismatch
        }
        return r
    }
}

extension StringProtocol {
    var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
