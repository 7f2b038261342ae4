/// The `Code:` line: instruction words around the pc as printed, and their disassembly.
public struct CodeWindow: Codable, Sendable, Equatable {
    /// The words (arm64, 8 hex digits) or bytes (x86, 2 hex digits) as printed, without the
    /// parentheses or angle brackets that mark the faulting one.
    public var words: [String]
    /// Index of the word in `(…)` (arm64) or byte in `<…>` (x86); nil when none is marked.
    public var faultingIndex: Int?
    public var disassembly: [Instruction]?
    /// Why there are no words: the kernel printed `Bad PC value` or `Unable to access instruction at …`.
    public var unavailable: String?

    public init(words: [String], faultingIndex: Int?, disassembly: [Instruction]? = nil, unavailable: String? = nil) {
        self.words = words
        self.faultingIndex = faultingIndex
        self.disassembly = disassembly
        self.unavailable = unavailable
    }

    enum CodingKeys: String, CodingKey {
        case words, disassembly, unavailable
        case faultingIndex = "faulting_index"
    }
}

/// One disassembled instruction of the code window (docs/SCHEMA.md INSN).
public struct Instruction: Codable, Sendable, Equatable {
    /// The instruction's address when the pc is known as a number; nil otherwise.
    public var address: Hex64?
    /// Offset from the faulting instruction, in bytes (`-16` … `0` … `+4`).
    public var relative: Int
    public var word: Hex64
    /// Capstone's text (`ldr x0, [x26, #0x38]`), or `.inst 0x…` when it does not decode.
    public var text: String
    public var faulting: Bool

    public init(address: Hex64?, relative: Int, word: Hex64, text: String, faulting: Bool) {
        self.address = address
        self.relative = relative
        self.word = word
        self.text = text
        self.faulting = faulting
    }
}
