/// How a faulting instruction touched memory.
public enum Access: String, Codable, Sendable {
    case read, write, exec
}

/// The memory fault of a report: the address from the message and the syndrome registers.
public struct Fault: Codable, Sendable, Equatable {
    /// The faulting virtual address as the message prints it.
    public var address: Hex64?
    /// Read, write or instruction fetch, from the ESR (WnR / EC) or the x86 `#PF` line.
    public var access: Access?
    public var esr: Hex64?
    /// FAR_EL1 when printed (`FAR = 0x…` in newer kernels); otherwise the message address.
    public var far: Hex64?
    public var esrDecoded: ESRDecoded?
    /// x86 `CR2`, kept apart from `far` because it is a different register.
    public var cr2: Hex64?
    /// The kernel's own decoding of the ESR as printed (`EC = 0x25: DABT (current EL)`,
    /// `WnR = 0`), in print order; compared with oopsy's decoding.
    public var kernelDecoded: [KernelDecodedField]?
    /// Where oopsy's ESR decoding and the kernel's printed one disagree, one sentence each.
    public var disagreements: [String]?

    public init(address: Hex64? = nil, access: Access? = nil, esr: Hex64? = nil, far: Hex64? = nil,
                esrDecoded: ESRDecoded? = nil, cr2: Hex64? = nil) {
        self.address = address
        self.access = access
        self.esr = esr
        self.far = far
        self.esrDecoded = esrDecoded
        self.cr2 = cr2
    }

    enum CodingKeys: String, CodingKey {
        case address, access, esr, far
        case esrDecoded = "esr_decoded"
        case kernelDecoded = "kernel_decoded"
        case disagreements, cr2
    }
}

/// ESR_ELx taken apart: the exception class and whatever its ISS defines (docs/SCHEMA.md
/// `esr_decoded`). Fields a class does not define stay nil.
public struct ESRDecoded: Codable, Sendable, Equatable {
    public var ec: Hex64
    /// As the kernel prints it (`DABT (current EL)`).
    public var ecName: String
    /// Instruction length, 16 or 32.
    public var il: Int
    public var iss: Hex64
    public var iss2: Hex64?

    // Data and instruction aborts.
    public var dfsc: Hex64?
    public var dfscName: String?
    public var ifsc: Hex64?
    public var ifscName: String?
    public var wnr: Bool?
    public var cm: Bool?
    public var ea: Bool?
    public var s1ptw: Bool?
    public var fnv: Bool?
    public var vncr: Bool?
    /// Synchronous error type (`UER`, `UC`, `UEO`, `CE`) when the DFSC says the abort is a
    /// synchronous external abort with RAS.
    public var set: String?
    public var isv: Bool?
    /// Access size in bytes when ISV=1.
    public var sas: Int?
    public var sse: Bool?
    public var srt: Int?
    public var sf: Bool?
    public var ar: Bool?

    // BRK and other immediate-carrying classes.
    public var comment: Hex64?
    /// What the immediate means to Linux (`BUG()/WARN()`, `KASAN`, `UBSAN`, `CFI`, …).
    public var meaning: String?

    // SError.
    public var ids: Bool?
    public var aet: String?

    // A trapped MSR/MRS or system instruction (EC 0x18): the instruction its ISS encodes
    // (Op0, Op1, CRn, CRm, Op2, Rt, direction), as the disassembler names the register.
    public var sysreg: String?

    public init(ec: Hex64, ecName: String, il: Int, iss: Hex64) {
        self.ec = ec
        self.ecName = ecName
        self.il = il
        self.iss = iss
    }

    enum CodingKeys: String, CodingKey {
        case ec
        case ecName = "ec_name"
        case il, iss, iss2, dfsc
        case dfscName = "dfsc_name"
        case ifsc
        case ifscName = "ifsc_name"
        case wnr, cm, ea, s1ptw, fnv, vncr, set, isv, sas, sse, srt, sf, ar
        case comment, meaning, ids, aet, sysreg
    }
}

/// One `NAME = value` pair of the kernel's `Mem abort info:` / `Data abort info:` blocks.
public struct KernelDecodedField: Codable, Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) { self.name = name; self.value = value }
}
