/// The arm64 PSTATE of the register dump (docs/SCHEMA.md `pstate`): the raw value and flags string
/// as printed, and the decoded fields, which stay nil until the arm64 stage fills them.
public struct PState: Codable, Sendable, Equatable {
    public var raw: Hex64
    /// The flags string exactly as printed (`Nzcv daif +PAN +UAO`), nil when the kernel printed none.
    public var flags: String?
    public var n: Bool?
    public var z: Bool?
    public var c: Bool?
    public var v: Bool?
    /// DAIF in the kernel's spelling: upper case = masked (`daIf`).
    public var daif: String?
    public var pan: Bool?
    public var uao: Bool?
    public var tco: Bool?
    public var dit: Bool?
    public var ssbs: Bool?
    public var btype: Int?
    /// The kernel's spelling of BTYPE (`--`, `j-`, `-c`, `jc`).
    public var btypeName: String?
    public var el: Int?
    /// `EL1h` (SP_EL1 selected), `EL1t` (SP_EL0), `EL0t`.
    public var mode: String?
    /// Disagreements between the raw value and the printed flags, one sentence each.
    public var mismatches: [String]?

    public init(raw: Hex64, flags: String?) {
        self.raw = raw
        self.flags = flags
    }

    enum CodingKeys: String, CodingKey {
        case raw, flags, n, z, c, v, daif, pan, uao, tco, dit, ssbs, btype
        case btypeName = "btype_name"
        case el, mode, mismatches
    }
}
