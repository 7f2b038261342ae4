extension StringProtocol {
    /// The pieces between occurrences of `separator` (Foundation-free, for the modules that
    /// do without Foundation).
    public func pieces(separatedBy separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            out.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}
