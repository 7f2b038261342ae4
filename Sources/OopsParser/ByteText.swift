#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small byte-string helpers for the hot paths, where building a `String` per line would cost
/// more than the rest of the work.
public enum ByteText {
    @inline(__always)
    public static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard bytes.count >= prefix.count else { return false }
        return prefix.withUnsafeBytes { p in
            guard let a = bytes.baseAddress, let b = p.baseAddress else { return prefix.isEmpty }
            return memcmp(a, b, prefix.count) == 0
        }
    }

    @inline(__always)
    public static func hasPrefix(_ bytes: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard bytes.count >= n, let a = bytes.baseAddress else { return false }
        return memcmp(a, prefix.utf8Start, n) == 0
    }

    @inline(__always)
    public static func hasSuffix(_ bytes: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard bytes.count >= n, let a = bytes.baseAddress else { return false }
        return memcmp(a + (bytes.count - n), suffix.utf8Start, n) == 0
    }

    /// An ASCII letter, either case.
    @inline(__always)
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    /// An ASCII decimal digit.
    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    /// An ASCII hexadecimal digit, either case.
    @inline(__always)
    static func isHexDigit(_ c: UInt8) -> Bool { isDigit(c) || (c | 0x20) &- 0x61 < 6 }

    /// A blank or a tab.
    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Whether `needle` occurs in `bytes`: memchr for the needle's rarest byte (`anchor`,
    /// from ``rareByteOffset(_:)``), then a compare around each hit.
    public static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: [UInt8], anchor: Int? = nil) -> Bool {
        guard !needle.isEmpty else { return true }
        let k = anchor ?? rareByteOffset(needle)
        return needle.withUnsafeBytes { contains(bytes, $0, anchor: k) }
    }

    /// The same over a needle in raw memory (no array to retain on the per-line path).
    @inline(__always)
    public static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer, anchor k: Int) -> Bool {
        firstIndex(of: needle, in: bytes, anchor: k) != nil
    }

    /// Where `needle` first occurs in `bytes`: memchr for its byte at `anchor`, then a compare.
    @inline(__always)
    public static func firstIndex(of needle: UnsafeRawBufferPointer, in bytes: UnsafeRawBufferPointer, anchor k: Int) -> Int? {
        guard let nb = needle.baseAddress, !needle.isEmpty else { return 0 }
        guard let base = bytes.baseAddress, bytes.count >= needle.count else { return nil }
        let key = Int32(needle[k])
        // The anchor byte of a match lies in [k, count - needle.count + k].
        var at = k
        let lastAnchor = bytes.count - needle.count + k
        while at <= lastAnchor {
            guard let hit = memchr(base + at, key, lastAnchor - at + 1) else { return nil }
            let i = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + i - k, nb, needle.count) == 0 { return i - k }
            at = i + 1
        }
        return nil
    }

    /// Where `byte` first occurs in `bytes` at or after `from` (memchr).
    @inline(__always)
    static func firstIndex(of byte: UInt8, in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let base = bytes.baseAddress, from < bytes.count,
              let hit = memchr(base + from, Int32(byte), bytes.count - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// The offset of the byte of `needle` least likely in log text, for memchr to skip on:
    /// every occurrence of that byte costs a call and a compare, so the choice decides the
    /// speed of a search over a whole chunk.
    public static func rareByteOffset(_ needle: [UInt8]) -> Int {
        var best = 0
        for i in needle.indices where commonness(needle[i]) < commonness(needle[best]) { best = i }
        return best
    }

    /// Rough frequency rank of a byte in kernel logs (lower is rarer): letters by English
    /// frequency (upper case rarer than lower), brackets common (every timestamp has them),
    /// spaces and hex digits most common.
    static func commonness(_ b: UInt8) -> Int {
        let lower: [UInt8] = Array("zqjxkvbywgpfmucdlhrsnioate".utf8)   // rarest first
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return 30 + (lower.firstIndex(of: b) ?? 0)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (lower.firstIndex(of: b | 0x20) ?? 0) / 2
        case UInt8(ascii: "#"), UInt8(ascii: "|"), UInt8(ascii: "!"): return 5
        case UInt8(ascii: "-"), UInt8(ascii: "_"): return 40
        case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "."), UInt8(ascii: ":"): return 50
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return 60
        case UInt8(ascii: " "): return 90
        default: return 20
        }
    }

    /// Index of the first byte that is not a space or tab.
    @inline(__always)
    public static func skipBlanks(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        var i = start
        while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
        return i
    }

    /// The width `bytes` take on a terminal, tabs stopping at every eighth column.
    static func columns(_ bytes: UnsafeRawBufferPointer) -> Int {
        var n = 0
        for c in bytes { n = c == 0x09 ? (n / 8 + 1) * 8 : n + 1 }
        return n
    }

    /// `bytes` without trailing spaces and tabs.
    @inline(__always)
    public static func trimTrailingBlanks(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var n = bytes.count
        while n > 0 && (bytes[n - 1] == 0x20 || bytes[n - 1] == 0x09) { n -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[0..<n])
    }

    /// Decodes bytes as text, repairing invalid UTF-8.
    @inline(__always)
    public static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
