import OopsCore

/// The arm64 stage of the pipeline: decodes the ESR and PSTATE, strips PAC bits from code
/// pointers, disassembles the `Code:` window and replays the faulting instruction. Holds one
/// Capstone handle and one Unicorn engine; make one per thread and reuse it.
public final class Arm64Decoding {
    public let disassembler = Disassembler()
    public let replayer = FaultReplayer()

    public init() {}

    public func run(_ r: inout Report) {
        guard r.arch == .arm64 else { return }
        decodeESR(&r)
        if let p = r.pstate { r.pstate = PStateDecoder.decode(p) }
        stripPAC(&r)
        decodeCode(&r)
    }

    // MARK: ESR

    func decodeESR(_ r: inout Report) {
        // `Internal error: Oops - BUG: 0` passes 0, not an ESR: nothing to decode.
        guard let esr = r.fault?.esr ?? r.oops?.esr, esr.value != 0 else { return }
        let d = ESRDecoder.decode(esr.value)
        var f = r.fault ?? Fault()
        f.esr = f.esr ?? esr
        f.esrDecoded = d
        if f.access == nil { f.access = ESRDecoder.access(d) }
        let isAbort = d.dfsc != nil && (d.ec.value == 0x24 || d.ec.value == 0x25) || d.ifsc != nil
        if isAbort, f.far == nil { f.far = f.address }
        var disagreements = ESRDecoder.disagreements(d, esr: esr.value, printed: f.kernelDecoded ?? [])
        if let header = r.oops?.esr, header.value != 0, header != esr {
            disagreements.append("the oops header prints ESR \(header) but the abort info prints \(esr)")
        }
        f.disagreements = disagreements.isEmpty ? nil : disagreements
        r.fault = f
        if r.kind == .unknown, let k = ESRKinds.kind(for: d, faultAddress: f.address?.value) { r.kind = k }
    }

    // MARK: PAC

    func stripPAC(_ r: inout Report) {
        var stripped = false
        func fix(_ f: inout Frame) {
            guard let a = f.address, a.value >> 63 == 1 || a.value >> 55 & 1 == 1, PointerAuth.isSigned(a.value) else { return }
            f.address = Hex64(PointerAuth.strip(a.value))
            stripped = true
        }
        if var pc = r.pc { fix(&pc); r.pc = pc }
        if var lr = r.lr { fix(&lr); r.lr = lr }
        for i in r.trace.indices { fix(&r.trace[i]) }
        if stripped { r.note("pointer-authentication bits were stripped from code addresses before comparing them") }
    }

    // MARK: code window and replay

    func decodeCode(_ r: inout Report) {
        guard var code = r.code, !code.words.isEmpty else {
            if r.kind.isMemoryFault, r.replay == nil {
                var replay = Replay(status: .insufficientData)
                replay.note = r.code?.unavailable.map { "no code words: the kernel printed \"\($0)\"" } ?? "the report has no Code: line"
                r.replay = replay
            }
            return
        }
        let pc = r.pc?.address?.value
        code.disassembly = disassembler.window(code, pc: pc)
        r.code = code
        guard let fi = code.faultingIndex, fi < code.words.count else {
            var replay = Replay(status: .insufficientData)
            replay.note = "no word of the Code: line is marked as the faulting one"
            r.replay = replay
            return
        }
        let words = code.words.compactMap { UInt32($0, radix: 16) }
        guard words.count == code.words.count, code.words.allSatisfy({ $0.count == 8 }) else {
            var replay = Replay(status: .insufficientData)
            replay.note = "the Code: words are not 32-bit arm64 instructions"
            r.replay = replay
            return
        }
        let decoded = words.enumerated().map { i, w in
            disassembler.decode(w, at: pc.map { $0 &+ UInt64(bitPattern: Int64(4 * (i - fi))) } ?? 0)
        }
        let insn = decoded[fi]
        guard let regs = r.registers, !regs.isEmpty else {
            var replay = Replay(status: .insufficientData)
            replay.instruction = insn.text
            replay.note = "the report has no register dump"
            r.replay = replay
            return
        }
        // A paste without its headline or ESR whose pc holds a `brk`: that trap is what the
        // report is of (the brk handler's `BRK handler: Fatal exception`), as its ESR would say.
        // (`brk #0x800` is BUG()'s and WARN()'s alike: the bug table says which, not the code.)
        let imm = UInt16(truncatingIfNeeded: insn.immediates.first ?? 0)
        if r.kind == .unknown, r.fault?.esr == nil, insn.mnemonic == "brk", imm != 0x800, let k = BRKImmediates.kind(of: imm) {
            r.kind = k
        }
        let expected = r.fault?.far?.value ?? r.fault?.address?.value
        let emulated: EmulatedAccess = insn.memory == nil ? .noAccess
            : replayer.replay(insn, window: words, faultingIndex: fi, pc: pc, registers: regs, sp: r.sp?.value,
                              nzcv: r.pstate?.raw.value ?? 0)
        var replay = ReplayVerdict.build(insn: insn, emulated: emulated, expected: expected, esr: r.fault?.esrDecoded,
                                         registers: regs, sp: r.sp?.value)
        if let base = replay.baseRegister {
            replay.baseOrigin = DataFlow.origin(of: base, window: decoded, faultingIndex: fi, registers: regs)
        }
        r.replay = replay
    }
}
