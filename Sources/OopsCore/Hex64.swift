/// A 64-bit value (address, register, ESR, FAR, pstate, offset) that JSON carries as a
/// lower-case hex string with `0x`, because JSON numbers lose precision past 2^53 (docs/SCHEMA.md).
public struct Hex64: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }
    public init(integerLiteral value: UInt64) { self.value = value }

    /// Parses `0x1f`, `1f`, `0000001f` (case-insensitive). Returns nil for anything else,
    /// including more than 16 significant hex digits.
    public init?(parsing text: some StringProtocol) {
        var digits = Substring(text)
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { digits = digits.dropFirst(2) }
        guard !digits.isEmpty else { return nil }
        var v: UInt64 = 0
        var significant = 0
        for u in digits.utf8 {
            guard let d = HexDigit.value(of: u) else { return nil }
            if significant > 0 || d != 0 { significant += 1 }
            if significant > 16 { return nil }
            v = v &<< 4 | UInt64(d)
        }
        self.value = v
    }

    /// `0x` followed by the value in lower-case hex, no leading zeros.
    public var description: String { "0x" + String(value, radix: 16) }

    public static func < (a: Hex64, b: Hex64) -> Bool { a.value < b.value }
}

extension Hex64: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let v = Hex64(parsing: s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a hex string: \(s)")
        }
        self = v
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// Hex digit arithmetic on ASCII bytes, shared by every parser of hex text.
public enum HexDigit {
    /// The value of an ASCII hex digit, or nil.
    @inlinable public static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte &- 0x30
        case 0x61...0x66: return byte &- 0x61 &+ 10
        case 0x41...0x46: return byte &- 0x41 &+ 10
        default: return nil
        }
    }

    /// Parses a run of hex digits (optionally `0x`-prefixed) from bytes; nil when it is empty,
    /// holds a non-hex byte, or has more than 16 significant digits.
    @inlinable public static func parse(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        var i = 0
        if bytes.count >= 2, bytes[0] == 0x30, bytes[1] | 0x20 == 0x78 { i = 2 }
        guard i < bytes.count else { return nil }
        var v: UInt64 = 0
        var significant = 0
        while i < bytes.count {
            guard let d = value(of: bytes[i]) else { return nil }
            if significant > 0 || d != 0 { significant += 1 }
            if significant > 16 { return nil }
            v = v &<< 4 | UInt64(d)
            i += 1
        }
        return v
    }
}
