import CCapstone
import OopsCore

/// One arm64 instruction as Capstone decodes it, with what the replay and the data-flow
/// analysis need: the memory operand, writeback, and the registers read and written.
public struct DecodedInstruction: Sendable, Equatable {
    public let word: UInt32
    public let mnemonic: String
    public let operands: String
    /// `ldr x0, [x26, #0x38]`, or `.inst 0x…` when Capstone does not decode the word.
    public var text: String { operands.isEmpty ? mnemonic : mnemonic + " " + operands }
    public let decoded: Bool
    /// The memory operand, when the instruction has one.
    public let memory: MemoryOperand?
    /// Pre- or post-index writeback of the base register.
    public let writeback: Bool
    /// Post-index (`[x1], #8`): the access is at the base, the offset is added after.
    public let postIndex: Bool
    public let registersRead: [String]
    public let registersWritten: [String]
    /// Immediate operands in order.
    public let immediates: [Int64]
    /// Register operands in order (destination first for most instructions).
    public let registerOperands: [String]

    /// The `[base, index, #displacement]` operand of a load or store.
    public struct MemoryOperand: Sendable, Equatable {
        public let base: String?
        public let index: String?
        public let displacement: Int64
    }
}

/// Capstone in ARM64 mode, detail on. One per thread; reused across reports (opening a
/// handle per instruction is slow).
public final class Disassembler {
    private var handle: csh = 0
    private let insn: UnsafeMutablePointer<cs_insn>?
    public let available: Bool

    public init() {
        var h: csh = 0
        if cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) == CS_ERR_OK {
            handle = h
            cs_option(h, CS_OPT_DETAIL, Int(CS_OPT_ON.rawValue))
            insn = cs_malloc(h)
            available = insn != nil
        } else {
            insn = nil
            available = false
        }
    }

    deinit {
        if let insn { cs_free(insn, 1) }
        if handle != 0 { cs_close(&handle) }
    }

    /// Decodes one little-endian instruction word at `address` (0 when unknown: branch
    /// targets are then relative to 0).
    public func decode(_ word: UInt32, at address: UInt64 = 0) -> DecodedInstruction {
        let undecoded = DecodedInstruction(word: word, mnemonic: ".inst", operands: String(format08(word)), decoded: false,
                                           memory: nil, writeback: false, postIndex: false, registersRead: [],
                                           registersWritten: [], immediates: [], registerOperands: [])
        guard available, let insn else { return A64Supplement.decode(word) ?? undecoded }
        if A64Supplement.orderedWithBrokenOnes(word) { return undecoded }
        var bytes = word.littleEndian
        return withUnsafeBytes(of: &bytes) { raw -> DecodedInstruction in
            var code: UnsafePointer<UInt8>? = raw.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var size = 4
            var addr = address
            guard cs_disasm_iter(handle, &code, &size, &addr, insn) else { return A64Supplement.decode(word) ?? undecoded }
            let mnemonic = withUnsafeBytes(of: insn.pointee.mnemonic) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let ops = withUnsafeBytes(of: insn.pointee.op_str) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            var memory: DecodedInstruction.MemoryOperand? = nil
            var writeback = false
            var postIndex = false
            var immediates: [Int64] = []
            var regOperands: [String] = []
            if let detail = insn.pointee.detail {
                let a = detail.pointee.arm64
                writeback = a.writeback
                var sawMemory = false
                withUnsafeBytes(of: a.operands) { raw in
                    let ops = raw.bindMemory(to: cs_arm64_op.self)
                    for i in 0..<Int(a.op_count) where i < ops.count {
                        let op = ops[i]
                        switch op.type {
                        case ARM64_OP_MEM:
                            memory = .init(base: regName(op.mem.base.rawValue), index: regName(op.mem.index.rawValue),
                                           displacement: Int64(op.mem.disp))
                            sawMemory = true
                        case ARM64_OP_IMM, ARM64_OP_CIMM:
                            immediates.append(op.imm)
                            if sawMemory && writeback { postIndex = true }
                        case ARM64_OP_REG:
                            if let n = regName(op.reg.rawValue) { regOperands.append(n) }
                        default:
                            break
                        }
                    }
                }
            }
            let (read, written) = registerAccess()
            let (m, o) = PreferredAliases.apply(mnemonic: mnemonic, operands: A64Supplement.genericSystemRegister(word, ops),
                                                immediates: immediates, registers: regOperands)
            return DecodedInstruction(word: word, mnemonic: m, operands: o, decoded: true, memory: memory,
                                      writeback: writeback, postIndex: postIndex, registersRead: read,
                                      registersWritten: written, immediates: immediates, registerOperands: regOperands)
        }
    }

    private func regName(_ reg: UInt32) -> String? {
        guard reg != 0, let p = cs_reg_name(handle, reg) else { return nil }
        return String(cString: p)
    }

    private func registerAccess() -> (read: [String], written: [String]) {
        guard let insn else { return ([], []) }
        var readRegs = [UInt16](repeating: 0, count: 64)
        var writeRegs = [UInt16](repeating: 0, count: 64)
        var nRead: UInt8 = 0
        var nWrite: UInt8 = 0
        let err = readRegs.withUnsafeMutableBufferPointer { r in
            writeRegs.withUnsafeMutableBufferPointer { w in
                cs_regs_access(handle, insn, r.baseAddress, &nRead, w.baseAddress, &nWrite)
            }
        }
        guard err == CS_ERR_OK else { return ([], []) }
        return (readRegs.prefix(Int(nRead)).compactMap { regName(UInt32($0)) },
                writeRegs.prefix(Int(nWrite)).compactMap { regName(UInt32($0)) })
    }

    /// The `Code:` window as instructions: the word in parentheses sits at `pc`, word *i* at
    /// `pc + 4·(i − faulting_index)`. Without a numeric pc, addresses stay nil and `relative`
    /// carries the offsets.
    public func window(_ code: CodeWindow, pc: UInt64?) -> [Instruction] {
        guard !code.words.isEmpty, code.words.allSatisfy({ $0.count == 8 }) else { return [] }
        let fault = code.faultingIndex ?? code.words.count - 1
        return code.words.enumerated().compactMap { i, w in
            guard let word = UInt32(w, radix: 16) else { return nil }
            let rel = 4 * (i - fault)
            let address = pc.map { UInt64(bitPattern: Int64(bitPattern: $0) &+ Int64(rel)) }
            let d = decode(word, at: address ?? UInt64(bitPattern: Int64(rel)))
            // Without a numeric pc, decode relative to the faulting pc (= 0) and print
            // PC-relative targets as `pc±off` rather than as made-up absolute addresses.
            let text = address == nil && Self.isPCRelative(d) ? Self.relativeTarget(d) : d.text
            return Instruction(address: address.map { Hex64($0) }, relative: rel, word: Hex64(UInt64(word)),
                               text: text, faulting: i == code.faultingIndex)
        }
    }
}

extension Disassembler {
    /// Direct branches and PC-relative address computations carry a target immediate.
    static let pcRelative: Set<String> = ["b", "bl", "cbz", "cbnz", "tbz", "tbnz", "adr", "adrp"]

    static func isPCRelative(_ d: DecodedInstruction) -> Bool {
        d.decoded && (pcRelative.contains(d.mnemonic) || d.mnemonic.hasPrefix("b.")) && d.memory == nil
    }

    /// The text with its target immediate (the last operand, relative to 0 here) as `pc±off`.
    static func relativeTarget(_ d: DecodedInstruction) -> String {
        guard let target = d.immediates.last, let hash = d.operands.lastIndex(of: "#") else { return d.text }
        let rel = target
        let spelled = rel < 0 ? "pc-0x" + String(UInt64(-rel), radix: 16) : "pc+0x" + String(UInt64(rel), radix: 16)
        return d.mnemonic + " " + d.operands[..<hash] + spelled
    }
}

/// Eight lower-case hex digits.
func format08(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}
