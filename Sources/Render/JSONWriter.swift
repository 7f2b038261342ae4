import OopsCore

/// Encodes `Encodable` values to JSON bytes, keys in the order the type encodes them (the
/// order of docs/SCHEMA.md) and without building an intermediate tree: each container writes
/// straight into the output as its values arrive. Deterministic and fast enough for the
/// streaming paths (`--format jsonl` on a gigabyte log).
public struct JSONWriter {
    public var pretty: Bool

    public init(pretty: Bool = false) { self.pretty = pretty }

    /// `value` as JSON text bytes (no trailing newline).
    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let sink = JSONSink(pretty: pretty)
        try sink.write(value, depth: 0)
        return sink.bytes
    }

    /// Appends `value` to `buffer`.
    public func encode<T: Encodable>(_ value: T, into buffer: inout [UInt8], depth: Int = 0) throws {
        let sink = JSONSink(pretty: pretty)
        swap(&sink.bytes, &buffer)
        defer { swap(&sink.bytes, &buffer) }
        try sink.write(value, depth: depth)
    }

    /// A JSON string literal for `text` (quotes included).
    public static func quoted(_ text: String) -> [UInt8] {
        let sink = JSONSink(pretty: false)
        sink.string(text)
        return sink.bytes
    }
}

final class JSONSink {
    // Appended to for every token: unchecked, or each append pays a dynamic exclusivity check.
    @exclusivity(unchecked) var bytes: [UInt8] = []
    let pretty: Bool

    init(pretty: Bool) {
        self.pretty = pretty
        bytes.reserveCapacity(4096)
    }

    func write<T: Encodable>(_ value: T, depth: Int) throws {
        // Type identity first (cheap); dynamic casts only for the rare leaf types.
        if T.self == String.self { string(unsafeBitCast(value, to: String.self)); return }
        if T.self == Hex64.self { hex(unsafeBitCast(value, to: Hex64.self).value); return }
        if T.self == Int.self { raw(String(unsafeBitCast(value, to: Int.self))); return }
        if T.self == Bool.self { raw(unsafeBitCast(value, to: Bool.self) ? "true" : "false"); return }
        if T.self == Double.self { number(unsafeBitCast(value, to: Double.self)); return }
        // The other primitives by type identity too: a dynamic cast (`as any BinaryInteger`)
        // on every structured value cost more than writing it.
        if let text = Self.primitive(value) { raw(text); return }
        let frame = Frame(depth: depth)
        let encoder = StreamEncoder(sink: self, frame: frame)
        try value.encode(to: encoder)
        close(frame)
    }

    /// The JSON text of the numeric primitives Codable hands to a single-value container.
    @inline(__always)
    static func primitive<T>(_ value: T) -> String? {
        if T.self == Int64.self { return String(unsafeBitCast(value, to: Int64.self)) }
        if T.self == UInt64.self { return String(unsafeBitCast(value, to: UInt64.self)) }
        if T.self == Int32.self { return String(unsafeBitCast(value, to: Int32.self)) }
        if T.self == UInt32.self { return String(unsafeBitCast(value, to: UInt32.self)) }
        if T.self == UInt.self { return String(unsafeBitCast(value, to: UInt.self)) }
        if T.self == Int16.self { return String(unsafeBitCast(value, to: Int16.self)) }
        if T.self == UInt16.self { return String(unsafeBitCast(value, to: UInt16.self)) }
        if T.self == Int8.self { return String(unsafeBitCast(value, to: Int8.self)) }
        if T.self == UInt8.self { return String(unsafeBitCast(value, to: UInt8.self)) }
        if T.self == Float.self {
            let f = Double(unsafeBitCast(value, to: Float.self))
            return f.isFinite ? (f == f.rounded() && abs(f) < 1e15 ? String(Int(f)) : String(f)) : "null"
        }
        return nil
    }

    func close(_ frame: Frame) {
        switch frame.kind {
        case .none: raw("null")
        case .object:
            if frame.count > 0 { newline(frame.depth) }
            bytes.append(UInt8(ascii: "}"))
        case .array:
            if frame.count > 0 { newline(frame.depth) }
            bytes.append(UInt8(ascii: "]"))
        case .single: break
        }
    }

    func newline(_ depth: Int) {
        guard pretty else { return }
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    func separator(_ frame: Frame) {
        if frame.count > 0 { bytes.append(UInt8(ascii: ",")) }
        frame.count += 1
        newline(frame.depth + 1)
    }

    func key(_ k: String) {
        string(k)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
    }

    func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    /// `"0x…"` without going through `String`.
    func hex(_ v: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: "0"))
        bytes.append(UInt8(ascii: "x"))
        var shift = 60
        while shift > 0 && (v >> UInt64(shift)) & 0xf == 0 { shift -= 4 }
        while shift >= 0 {
            bytes.append(digits.utf8Start[Int((v >> UInt64(shift)) & 0xf)])
            shift -= 4
        }
        bytes.append(UInt8(ascii: "\""))
    }

    func number(_ d: Double) {
        guard d.isFinite else { raw("null"); return }
        if d == d.rounded(), abs(d) < 1e15 { raw(String(Int(d))); return }
        raw(String(d))
    }

    func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var plain = true
        for b in s.utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F { plain = false; break }
        if plain {
            bytes.append(contentsOf: s.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(b)
            case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// One container being written.
    final class Frame {
        enum Kind { case none, object, array, single }
        @exclusivity(unchecked) var kind = Kind.none
        @exclusivity(unchecked) var count = 0
        let depth: Int
        init(depth: Int) { self.depth = depth }
    }
}

/// The `Encoder` a value's `encode(to:)` talks to: its first container choice decides what the
/// frame writes. Nested and super encoders are not used by oopsy's types and write in place.
struct StreamEncoder: Encoder {
    let sink: JSONSink
    let frame: JSONSink.Frame
    var codingPath: [CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if frame.kind == .none { frame.kind = .object; sink.bytes.append(UInt8(ascii: "{")) }
        return KeyedEncodingContainer(KeyedWriter<Key>(sink: sink, frame: frame))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if frame.kind == .none { frame.kind = .array; sink.bytes.append(UInt8(ascii: "[")) }
        return ArrayWriter(sink: sink, frame: frame)
    }

    func singleValueContainer() -> SingleValueEncodingContainer {
        if frame.kind == .none { frame.kind = .single }
        return ValueWriter(sink: sink, frame: frame)
    }
}

struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let sink: JSONSink
    let frame: JSONSink.Frame
    var codingPath: [CodingKey] = []

    mutating func encodeNil(forKey key: Key) throws {
        sink.separator(frame); sink.key(key.stringValue); sink.raw("null")
    }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        sink.separator(frame); sink.key(key.stringValue)
        try sink.write(value, depth: frame.depth + 1)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        sink.separator(frame); sink.key(key.stringValue)
        let f = JSONSink.Frame(depth: frame.depth + 1)
        return StreamEncoder(sink: sink, frame: f).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> UnkeyedEncodingContainer {
        sink.separator(frame); sink.key(key.stringValue)
        return StreamEncoder(sink: sink, frame: JSONSink.Frame(depth: frame.depth + 1)).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { StreamEncoder(sink: sink, frame: frame) }
    mutating func superEncoder(forKey key: Key) -> Encoder { StreamEncoder(sink: sink, frame: frame) }
}

struct ArrayWriter: UnkeyedEncodingContainer {
    let sink: JSONSink
    let frame: JSONSink.Frame
    var codingPath: [CodingKey] = []
    var count: Int { frame.count }

    mutating func encodeNil() throws { sink.separator(frame); sink.raw("null") }
    mutating func encode<T: Encodable>(_ value: T) throws {
        sink.separator(frame)
        try sink.write(value, depth: frame.depth + 1)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        sink.separator(frame)
        return StreamEncoder(sink: sink, frame: JSONSink.Frame(depth: frame.depth + 1)).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> UnkeyedEncodingContainer {
        sink.separator(frame)
        return StreamEncoder(sink: sink, frame: JSONSink.Frame(depth: frame.depth + 1)).unkeyedContainer()
    }
    mutating func superEncoder() -> Encoder { StreamEncoder(sink: sink, frame: frame) }
}

struct ValueWriter: SingleValueEncodingContainer {
    let sink: JSONSink
    let frame: JSONSink.Frame
    var codingPath: [CodingKey] = []

    mutating func encodeNil() throws { sink.raw("null") }
    mutating func encode<T: Encodable>(_ value: T) throws { try sink.write(value, depth: frame.depth) }
}
