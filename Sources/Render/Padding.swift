extension String {
    /// The string followed by spaces up to `n` columns (unchanged when already that long):
    /// the column layout of every plain-text table oopsy prints.
    public func padded(to n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}

extension String {
    /// Spaces, then the string, up to `n` columns: numbers in a right-aligned column.
    public func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}

extension UInt64 {
    /// Eight hex digits, zero-padded: how the kernel prints an instruction word in `Code:`.
    public var hex8: String {
        let s = String(self, radix: 16)
        return s.count >= 8 ? s : String(repeating: "0", count: 8 - s.count) + s
    }
}
