/// Instruction classes Debian's Capstone (4.0.2) does not decode but arm64 kernels use all the
/// time: the ARMv8.1 LSE atomics (`ldadd`, `stset`, `swp`, `cas` … — `atomic_inc`,
/// `refcount_inc`, spinlocks). Decoded from the Arm ARM encodings so the replay and the
/// disassembly can name them; everything else stays Capstone's job.
enum A64Supplement {
    /// Atomic memory operations, o3:opc → mnemonic stem (Arm ARM C4.1.94).
    static let atomicOps: [UInt32: String] = [
        0b0000: "ldadd", 0b0001: "ldclr", 0b0010: "ldeor", 0b0011: "ldset",
        0b0100: "ldsmax", 0b0101: "ldsmin", 0b0110: "ldumax", 0b0111: "ldumin",
        0b1000: "swp",
    ]

    static func decode(_ w: UInt32) -> DecodedInstruction? {
        atomic(w) ?? compareAndSwap(w) ?? permanentlyUndefined(w)
    }

    /// UDF #imm16 (all-zero top half): data executed as code often starts with it (a zero word).
    static func permanentlyUndefined(_ w: UInt32) -> DecodedInstruction? {
        guard w >> 16 == 0 else { return nil }
        return DecodedInstruction(word: w, mnemonic: "udf", operands: "#\(w & 0xffff)", decoded: true, memory: nil,
                                  writeback: false, postIndex: false, registersRead: [], registersWritten: [],
                                  immediates: [Int64(w & 0xffff)], registerOperands: [])
    }

    /// A system register Capstone names generically (`s3_3_c3_c10_5`) with the op0 the word
    /// holds (bits 20:19): Capstone 4 prints 3 for an unallocated op0 = 0 encoding, binutils
    /// `s0_3_c3_c10_5` (code overwritten by data decodes to such words).
    static func genericSystemRegister(_ w: UInt32, _ operands: String) -> String {
        guard w >> 22 == 0b1101010100 else { return operands }
        let op0 = (w >> 19) & 3
        return operands.split(separator: ",", omittingEmptySubsequences: false).map { piece -> String in
            let token = piece.drop { $0 == " " }
            let t = Array(token)
            guard t.count > 3, t[0] == "s", t[1].isNumber, t[2] == "_", String(t[1]) != String(op0) else { return String(piece) }
            return String(piece.prefix(piece.count - token.count)) + "s\(op0)" + String(t[2...])
        }.joined(separator: ",")
    }

    /// Load-acquire / store-release (LDAR, STLR, LDLAR, STLLR: size 001000 1 L 0 Rs o0 Rt2 Rn
    /// Rt) whose should-be-one Rs or Rt2 field is not all ones: unpredictable, which binutils
    /// prints as undefined and Capstone 4 decodes anyway.
    static func orderedWithBrokenOnes(_ w: UInt32) -> Bool {
        guard (w >> 24) & 0x3f == 0b001000, (w >> 23) & 1 == 1, (w >> 21) & 1 == 0 else { return false }
        return (w >> 16) & 31 != 31 || (w >> 10) & 31 != 31
    }

    /// size 111 0 00 A R 1 Rs o3 opc 00 Rn Rt
    static func atomic(_ w: UInt32) -> DecodedInstruction? {
        guard (w >> 27) & 0b111 == 0b111, (w >> 24) & 0b11 == 0, (w >> 26) & 1 == 0,
              (w >> 21) & 1 == 1, (w >> 10) & 0b11 == 0 else { return nil }
        let size = w >> 30, a = (w >> 23) & 1, r = (w >> 22) & 1
        let rs = Int((w >> 16) & 31), rn = Int((w >> 5) & 31), rt = Int(w & 31)
        guard let stem = atomicOps[(w >> 12) & 0b1111] else { return nil }
        let reg = { (n: Int) in size == 3 ? xName(n) : wName(n) }
        let suffix = (a == 1 ? "a" : "") + (r == 1 ? "l" : "") + (size == 0 ? "b" : size == 1 ? "h" : "")
        let base = xOrSP(rn)
        // With Rt = zero register and no acquire, the load forms have `st` aliases (STADD …).
        if rt == 31, a == 0, stem != "swp" {
            let m = "st" + stem.dropFirst(2) + suffix
            return make(w, m, "\(reg(rs)), [\(base)]", base: base, read: [reg(rs), base], written: [])
        }
        return make(w, stem + suffix, "\(reg(rs)), \(reg(rt)), [\(base)]", base: base,
                    read: [reg(rs), base], written: rt == 31 ? [] : [reg(rt)])
    }

    /// CAS: size 001000 1 L 1 Rs o0 11111 Rn Rt; CASP: 0 sz 001000 0 L 1 Rs o0 11111 Rn Rt.
    static func compareAndSwap(_ w: UInt32) -> DecodedInstruction? {
        guard (w >> 10) & 31 == 31, (w >> 21) & 1 == 1 else { return nil }
        let l = (w >> 22) & 1, o0 = (w >> 15) & 1
        let rs = Int((w >> 16) & 31), rn = Int((w >> 5) & 31), rt = Int(w & 31)
        let base = xOrSP(rn)
        let order = (l == 1 ? "a" : "") + (o0 == 1 ? "l" : "")
        if (w >> 23) & 0b1111111 == 0b0010001 {
            let size = w >> 30
            let reg = { (n: Int) in size == 3 ? xName(n) : wName(n) }
            let m = "cas" + order + (size == 0 ? "b" : size == 1 ? "h" : "")
            return make(w, m, "\(reg(rs)), \(reg(rt)), [\(base)]", base: base, read: [reg(rs), reg(rt), base], written: [reg(rs)])
        }
        if w >> 31 == 0, (w >> 23) & 0b1111111 == 0b0010000 {
            let wide = (w >> 30) & 1 == 1
            let reg = { (n: Int) in wide ? xName(n) : wName(n) }
            let m = "casp" + order
            return make(w, m, "\(reg(rs)), \(reg(rs + 1)), \(reg(rt)), \(reg(rt + 1)), [\(base)]", base: base,
                        read: [reg(rs), reg(rt), base], written: [reg(rs), reg(rs + 1)])
        }
        return nil
    }

    static func xName(_ n: Int) -> String { n == 31 ? "xzr" : "x\(n)" }
    static func wName(_ n: Int) -> String { n == 31 ? "wzr" : "w\(n)" }
    static func xOrSP(_ n: Int) -> String { n == 31 ? "sp" : "x\(n)" }

    static func make(_ w: UInt32, _ mnemonic: String, _ operands: String, base: String, read: [String], written: [String]) -> DecodedInstruction {
        DecodedInstruction(word: w, mnemonic: mnemonic, operands: operands, decoded: true,
                           memory: .init(base: base, index: nil, displacement: 0), writeback: false, postIndex: false,
                           registersRead: read, registersWritten: written, immediates: [], registerOperands: read)
    }
}
