import CUnicorn
import CUnicornHooks
import OopsCore

/// Executes the faulting instruction in Unicorn with the dumped registers and records the
/// memory access it attempts: the replay that proves the record was read right (issue 4).
///
/// One engine per thread, reused: the code window is mapped at the pc (or at a synthetic
/// address when only `sym+off` is known), registers are loaded, exactly one instruction runs,
/// and Unicorn's invalid-access hooks catch the access at the unmapped address.
public final class FaultReplayer {
    private var uc: OpaquePointer?
    private let recorder = AccessRecorder()
    /// Where the window goes when the pc is only known as `sym+off`.
    static let syntheticPC: UInt64 = 0x0000_0000_4000_0800
    static let page: UInt64 = 0x1000

    public init() {
        var engine: OpaquePointer?
        guard uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &engine) == UC_ERR_OK, let engine else { return }
        uc = engine
        // LSE atomics, PAC and MTE instructions must execute, not trap as undefined.
        _ = oopsy_uc_set_cpu_model(engine, Int32(UC_CPU_ARM64_MAX.rawValue))
        let user = Unmanaged.passUnretained(recorder).toOpaque()
        var hook: uc_hook = 0
        let invalid: uc_cb_eventmem_t = { _, type, address, size, value, user in
            guard let user else { return false }
            Unmanaged<AccessRecorder>.fromOpaque(user).takeUnretainedValue().record(type.rawValue, address, size, value, invalid: true)
            return false   // stop: the access would fault
        }
        let valid: uc_cb_hookmem_t = { _, type, address, size, value, user in
            guard let user else { return }
            Unmanaged<AccessRecorder>.fromOpaque(user).takeUnretainedValue().record(type.rawValue, address, size, value, invalid: false)
        }
        _ = oopsy_uc_hook_mem_invalid(engine, &hook, Int32(UC_HOOK_MEM_READ_UNMAPPED.rawValue | UC_HOOK_MEM_WRITE_UNMAPPED.rawValue | UC_HOOK_MEM_FETCH_UNMAPPED.rawValue | UC_HOOK_MEM_READ_PROT.rawValue | UC_HOOK_MEM_WRITE_PROT.rawValue | UC_HOOK_MEM_FETCH_PROT.rawValue), invalid, user, 1, 0)
        _ = oopsy_uc_hook_mem_valid(engine, &hook, Int32(UC_HOOK_MEM_READ.rawValue | UC_HOOK_MEM_WRITE.rawValue), valid, user, 1, 0)
    }

    deinit { if let uc { uc_close(uc) } }

    public var available: Bool { uc != nil }

    /// What the faulting instruction accesses. `pc` is the numeric pc when the report has one.
    public func replay(_ insn: DecodedInstruction, window: [UInt32], faultingIndex: Int, pc: UInt64?,
                       registers: RegisterFile, sp: UInt64?, nzcv: UInt64) -> EmulatedAccess {
        guard let uc else { return .failed("Unicorn could not be opened") }
        let codePC = pc ?? Self.syntheticPC
        let base = (codePC & ~(Self.page - 1)) &- Self.page
        let size = 3 * Self.page
        guard uc_mem_map(uc, base, Int(size), UInt32(UC_PROT_ALL.rawValue)) == UC_ERR_OK else {
            if pc != nil {   // the real pc cannot be mapped (address width): fall back
                return replay(insn, window: window, faultingIndex: faultingIndex, pc: nil, registers: registers, sp: sp, nzcv: nzcv)
            }
            return .failed("cannot map the code window")
        }
        defer {
            _ = oopsy_uc_remove_cache(uc, base, base + size)
            uc_mem_unmap(uc, base, Int(size))
        }
        // The words of the window at their addresses: PC-relative literal loads see real bytes.
        for (i, w) in window.enumerated() {
            let at = codePC &+ UInt64(bitPattern: Int64(4 * (i - faultingIndex)))
            guard at >= base, at + 4 <= base + size else { continue }
            var le = w.littleEndian
            uc_mem_write(uc, at, &le, 4)
        }
        for n in 0...30 {
            var v = registers.x(n) ?? 0
            uc_reg_write(uc, Int32(Self.xRegister(n)), &v)
        }
        if var s = sp { uc_reg_write(uc, Int32(UC_ARM64_REG_SP.rawValue), &s) }
        var flags = nzcv & 0xf000_0000
        uc_reg_write(uc, Int32(UC_ARM64_REG_NZCV.rawValue), &flags)
        recorder.reset()
        let err = uc_emu_start(uc, codePC, codePC + 4, 0, 1)
        guard let first = recorder.first else {
            if err != UC_ERR_OK { return .failed("emulation stopped: \(String(cString: uc_strerror(err)))") }
            return .noAccess
        }
        return .access(first, syntheticPC: pc == nil)
    }

    static func xRegister(_ n: Int) -> UInt32 {
        switch n {
        case 29: return UC_ARM64_REG_X29.rawValue
        case 30: return UC_ARM64_REG_X30.rawValue
        default: return UC_ARM64_REG_X0.rawValue + UInt32(n)
        }
    }
}

/// What one emulated instruction did to memory.
public enum EmulatedAccess: Sendable, Equatable {
    case access(RecordedAccess, syntheticPC: Bool)
    case noAccess
    case failed(String)
}

/// One memory access seen by a hook.
public struct RecordedAccess: Sendable, Equatable {
    public let access: Access
    public let address: UInt64
    public let size: Int
    /// The access hit unmapped memory (it is the one that would fault).
    public let faulting: Bool
}

/// Collects hook callbacks; the first faulting access (or, failing that, the first access) is
/// the one the replay reports.
final class AccessRecorder {
    @exclusivity(unchecked) private var accesses: [RecordedAccess] = []

    func reset() { accesses.removeAll(keepingCapacity: true) }

    func record(_ type: UInt32, _ address: UInt64, _ size: Int32, _ value: Int64, invalid: Bool) {
        let access: Access
        switch type {
        case UC_MEM_WRITE.rawValue, UC_MEM_WRITE_UNMAPPED.rawValue, UC_MEM_WRITE_PROT.rawValue: access = .write
        case UC_MEM_FETCH.rawValue, UC_MEM_FETCH_UNMAPPED.rawValue, UC_MEM_FETCH_PROT.rawValue: access = .exec
        default: access = .read
        }
        guard accesses.count < 16 else { return }
        accesses.append(RecordedAccess(access: access, address: address, size: Int(size), faulting: invalid))
    }

    var first: RecordedAccess? { accesses.first { $0.faulting } ?? accesses.first }
}
