import OopsCore

extension Instruction {
    /// Where the instruction sits: its address when the report gave one, else its offset from
    /// the pc (`pc-8`, `pc+0`), as every renderer labels the code window.
    public var label: String {
        address?.description ?? (relative >= 0 ? "pc+\(relative)" : "pc\(relative)")
    }
}

extension Array where Element == Instruction {
    /// The width of the widest label, for a column the code lines up in.
    public var labelWidth: Int { map(\.label.count).max() ?? 0 }
}
