/// The faulting instruction executed in an emulator with the dumped registers (docs/SCHEMA.md REPLAY).
public struct Replay: Codable, Sendable, Equatable {
    /// What the replay found (docs/SCHEMA.md `replay.status`).
    public enum Status: String, Codable, Sendable {
        /// The emulated access hits the address the kernel reported.
        case reproduced
        /// The emulated access goes elsewhere: the record or the registers disagree.
        case mismatch
        /// The faulting instruction does not access data memory (`brk`, `udf`, a branch …).
        case notAMemoryAccess = "not-a-memory-access"
        /// Registers, code words or the fault address are missing.
        case insufficientData = "insufficient-data"
        case error
    }

    public var status: Status
    public var instruction: String?
    public var access: Access?
    public var address: Hex64?
    public var size: Int?
    public var baseRegister: String?
    public var baseValue: Hex64?
    public var offset: Hex64?
    /// The signed offset when negative (`-0x10`), since `offset` is an unsigned hex string.
    public var signedOffset: String?
    public var indexRegister: String?
    public var expectedAddress: Hex64?
    /// True when the instruction writes its base register back (pre/post-index).
    public var writeback: Bool?
    /// The instruction in the window that last wrote the base register, when there is one.
    public var baseOrigin: BaseOrigin?
    public var note: String?

    public init(status: Status) { self.status = status }

    enum CodingKeys: String, CodingKey {
        case status, instruction, access, address, size
        case baseRegister = "base_register"
        case baseValue = "base_value"
        case offset
        case signedOffset = "signed_offset"
        case indexRegister = "index_register"
        case writeback
        case expectedAddress = "expected_address"
        case baseOrigin = "base_origin"
        case note
    }
}

/// Where the base register of the faulting access came from inside the code window
/// (`x1 ← ldr [x19, #0x8]`): the fact a diagnosis says "the pointer loaded from offset 0x8 of
/// the object in x19 was NULL" with.
public struct BaseOrigin: Codable, Sendable, Equatable {
    /// Offset of that instruction from the faulting one, in bytes (negative: before it).
    public var relative: Int
    public var instruction: String
    /// `load`, `move`, `add`, `other`.
    public var how: String
    /// For a load: the register it loaded through and the offset.
    public var sourceRegister: String?
    public var sourceOffset: Hex64?
    /// The value that source register holds in the dump, when it was not overwritten since.
    public var sourceValue: Hex64?

    public init(relative: Int, instruction: String, how: String, sourceRegister: String? = nil,
                sourceOffset: Hex64? = nil, sourceValue: Hex64? = nil) {
        self.relative = relative
        self.instruction = instruction
        self.how = how
        self.sourceRegister = sourceRegister
        self.sourceOffset = sourceOffset
        self.sourceValue = sourceValue
    }

    enum CodingKeys: String, CodingKey {
        case relative, instruction, how
        case sourceRegister = "source_register"
        case sourceOffset = "source_offset"
        case sourceValue = "source_value"
    }
}
