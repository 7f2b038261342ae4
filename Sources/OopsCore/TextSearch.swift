extension StringProtocol {
    /// Whether `needle` occurs in the text, compared byte for byte (UTF-8). The stdlib and
    /// Foundation `contains` go through Unicode-aware string search, which costs more than
    /// the rest of a rule on hot paths that only look for ASCII markers.
    public func includes(_ needle: some StringProtocol) -> Bool {
        let pin = Array(needle.utf8)
        if pin.isEmpty { return true }
        return utf8.withContiguousStorageIfAvailable { ByteSearch.find(pin, in: UnsafeRawBufferPointer($0)) != nil }
            ?? Array(utf8).withUnsafeBytes { ByteSearch.find(pin, in: $0) != nil }
    }
}

extension String {
    /// The text from the first occurrence of `needle` on (byte-wise, like ``includes(_:)``).
    public func suffix(fromFirst needle: String) -> Substring? {
        let pin = Array(needle.utf8)
        var copy = self
        let offset = copy.withUTF8 { ByteSearch.find(pin, in: UnsafeRawBufferPointer($0)) }
        return offset.map { self[utf8.index(startIndex, offsetBy: $0)...] }
    }
}

/// Substring search over bytes: scan for the first byte, compare the rest.
public enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `hay`, or nil.
    public static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first, needle.count <= hay.count else { return needle.isEmpty ? 0 : nil }
        let last = hay.count - needle.count
        var i = 0
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
