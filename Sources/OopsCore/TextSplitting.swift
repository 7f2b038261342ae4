extension StringProtocol {
    /// The pieces between occurrences of `separator` (Foundation-free, for the modules that
    /// do without Foundation).
    public func pieces(separatedBy separator: String) -> [String] {
        // Byte search: the stdlib's firstRange(of:) walks Characters, which costs more than
        // the rest of the callers (titles split on " in " once per report and rule).
        var out: [String] = []
        var rest = Substring(self)
        let width = separator.utf8.count
        while width > 0, let offset = rest.firstByteOffset(of: separator) {
            let at = rest.utf8.index(rest.startIndex, offsetBy: offset)
            out.append(String(rest[..<at]))
            rest = rest[rest.utf8.index(at, offsetBy: width)...]
        }
        out.append(String(rest))
        return out
    }
}
