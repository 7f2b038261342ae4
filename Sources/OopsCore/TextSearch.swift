#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension StringProtocol {
    /// Whether `needle` occurs in the text, compared byte for byte (UTF-8). The stdlib and
    /// Foundation `contains` go through Unicode-aware string search, which costs more than
    /// the rest of a rule on hot paths that only look for ASCII markers.
    public func includes(_ needle: some StringProtocol) -> Bool {
        firstByteOffset(of: needle) != nil
    }

    /// The UTF-8 offset of the first occurrence of `needle`, found byte for byte.
    public func firstByteOffset(of needle: some StringProtocol) -> Int? {
        // Both contiguous (native strings): search in place, no copy.
        if let both = utf8.withContiguousStorageIfAvailable({ hay in
            needle.utf8.withContiguousStorageIfAvailable { pin in
                ByteSearch.find(UnsafeRawBufferPointer(pin), in: UnsafeRawBufferPointer(hay))
            }
        }), let result = both {
            return result
        }
        // Bridged or non-contiguous text: copy once.
        let hay = Array(utf8), pin = Array(needle.utf8)
        return hay.withUnsafeBytes { h in pin.withUnsafeBytes { ByteSearch.find($0, in: h) } }
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
        needle.withUnsafeBytes { find($0, in: hay) }
    }

    /// The same with the needle in raw memory: memchr for the needle's first byte, then a
    /// compare of the rest at each hit.
    public static func find(_ needle: UnsafeRawBufferPointer, in hay: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first, needle.count <= hay.count else { return needle.isEmpty ? 0 : nil }
        guard let base = hay.baseAddress, let pin = needle.baseAddress else { return nil }
        let last = hay.count - needle.count
        var i = 0
        while i <= last {
            guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            let at = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + at, pin, needle.count) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
