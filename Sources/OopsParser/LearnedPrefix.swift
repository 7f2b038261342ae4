import OopsCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-line prefix the log itself teaches: a head of constant shape before every kernel
/// message, of a format ``LinePrefix`` has no rule for (a vendor printk's `[7:  kworker/7:1:
/// 70] `, a serial tool's `R SERIAL-CPU> `, a log viewer's `board-3 | kern | `).
///
/// A head is a bracketed group (`[…]`, `(…)`, `{…}`, `<…>`) or a run of words ending in `> ` or
/// `| `, at most ``maxHead`` bytes, where the message would begin, followed by a blank and more
/// text. Its shape is the head with every run of digits and of blanks counted as one (so
/// sequence numbers, stamps and padding vary freely). A shape seen on ``confirmRun``
/// consecutive lines is learned: those lines and every later line with that shape lose the
/// head, the way a known prefix is stripped; a line with a shape not yet learned waits (at most
/// `confirmRun - 1` lines) for the lines that confirm it. Nothing is stripped from a line whose
/// head is a kernel message's own text: frames (`[<…>]`, `[c000…]`), addresses, x86's stack
/// markers (`<IRQ>`). (A log level, `<6>`, is LinePrefix's and gone before.)
final class LearnedPrefix {
    /// Consecutive lines of one shape that teach it.
    static let confirmRun = 3
    /// Longest head taken (a vendor's bracket with pid, CPU and a 16-byte comm fits).
    static let maxHead = 64
    /// Shapes remembered once learned (one per task or CPU whose lines carry their own head).
    static let maxLearned = 16

    /// Shapes learned, most recent first.
    @exclusivity(unchecked) private var learned: [[UInt8]] = []
    /// Lines waiting for the lines that would confirm their head's shape.
    @exclusivity(unchecked) private var held: [(bytes: [UInt8], number: Int, overlong: Bool, head: Range<Int>)] = []
    @exclusivity(unchecked) private var heldShape: [UInt8] = []
    private let separators = SeparatorCursor()
    /// The head ``concerns(_:_:)`` found on the line it was asked about.
    @exclusivity(unchecked) private var lineHead: Range<Int>?

    typealias Feed = (_ line: InputLine, _ prefix: LinePrefix?) throws -> Void

    /// The first line held, which a report may yet begin with.
    var firstHeldLine: Int? { held.first?.number }

    /// Whether ``offer(_:_:feed:)`` has anything to do with the line: it has a head, or lines
    /// are held. Most lines of a console are neither, and go on without a call through `feed`.
    @inline(__always)
    func concerns(_ line: InputLine, _ prefix: LinePrefix) -> Bool {
        lineHead = Self.head(line.bytes, from: prefix.messageStart, separators: separators)
        return lineHead != nil || !held.isEmpty
    }

    /// Offers a line ``concerns(_:_:)`` just accepted: `feed` receives it (with the prefix
    /// already parsed when it is unchanged) now, or later with the lines held before it; a
    /// learned head is cut out of the line.
    func offer(_ line: InputLine, _ prefix: LinePrefix, feed: Feed) throws {
        guard let head = lineHead else {
            try release(cut: false, feed: feed)
            return try feed(line, prefix)
        }
        let shape = Self.shape(UnsafeRawBufferPointer(rebasing: line.bytes[head]))
        if let k = learned.firstIndex(of: shape) {
            if k > 0 { learned.remove(at: k); learned.insert(shape, at: 0) }
            // (Lines held have a shape not learned: they are read as they are.)
            try release(cut: false, feed: feed)
            return try Self.cut(line.bytes, head) { try feed(InputLine(number: line.number, bytes: $0, overlong: line.overlong), nil) }
        }
        if !held.isEmpty && heldShape != shape { try release(cut: false, feed: feed) }
        held.append((Array(line.bytes), line.number, line.overlong, head))
        heldShape = shape
        guard held.count >= Self.confirmRun else { return }
        learned.insert(shape, at: 0)
        if learned.count > Self.maxLearned { learned.removeLast() }
        try release(cut: true, feed: feed)
    }

    /// Starts a chunk of input: the lines that follow are mostly slices of `bytes`.
    func chunk(_ bytes: UnsafeRawBufferPointer) { separators.begin(bytes) }

    /// Hands back every line held (at the end of input), as it was.
    func flush(feed: Feed) throws { try release(cut: false, feed: feed) }

    private func release(cut: Bool, feed: Feed) throws {
        guard !held.isEmpty else { return }
        let lines = held
        held.removeAll(keepingCapacity: true)
        heldShape.removeAll(keepingCapacity: true)
        for l in lines {
            try l.bytes.withUnsafeBytes { bytes in
                if cut {
                    try Self.cut(bytes, l.head) { try feed(InputLine(number: l.number, bytes: $0, overlong: l.overlong), nil) }
                } else {
                    try feed(InputLine(number: l.number, bytes: bytes, overlong: l.overlong), nil)
                }
            }
        }
    }

    /// The line without `head` (its blanks after it included).
    private static func cut(_ bytes: UnsafeRawBufferPointer, _ head: Range<Int>, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count - head.count)
        out += bytes[..<head.lowerBound]
        out += bytes[head.upperBound...]
        try out.withUnsafeBytes(body)
    }

    /// The head at `start` with the blanks after it, if the line has one.
    static func head(_ l: UnsafeRawBufferPointer, from start: Int, separators: SeparatorCursor? = nil) -> Range<Int>? {
        let n = l.count
        guard start < n else { return nil }
        let first = l[start]
        let limit = min(n, start + maxHead)
        var end: Int?
        if closer(of: first) != nil {
            // Groups glued together (`{7}[70:kworker/7:1] `) make one head.
            var i = start
            while i < limit, let closer = closer(of: l[i]) {
                guard !isMessageBracket(l, i, l[i]) else { return nil }
                let open = l[i]
                var depth = 0
                end = nil
                while i < limit {
                    if l[i] == open { depth += 1 } else if l[i] == closer { depth -= 1; if depth == 0 { end = i + 1; break } }
                    i += 1
                }
                guard let e = end else { return nil }
                i = e
            }
        } else if ByteText.isDigit(first) || ByteText.isLetter(first) {
            // Words up to `> ` or `| ` (not an arrow: `->`, `=>`). Most lines have neither
            // byte near their start, which `separators` says without reading the line.
            guard separators?.any(in: l, start, limit) ?? hasAngleOrBar(l, start, limit) else { return nil }
            var i = start + 1
            while i + 1 < limit {
                let c = l[i]
                if c == UInt8(ascii: ">") && l[i - 1] != UInt8(ascii: "-") && l[i - 1] != UInt8(ascii: "=") && ByteText.isBlank(l[i + 1]) {
                    end = i + 1
                    break
                }
                // Columns: the head ends at the last separator.
                if c == UInt8(ascii: "|") && ByteText.isBlank(l[i + 1]) { end = i + 1 }
                i += 1
            }
        }
        guard var e = end, e < n, ByteText.isBlank(l[e]) else { return nil }
        while e < n && ByteText.isBlank(l[e]) { e += 1 }
        guard e < n else { return nil }
        return start..<e
    }

    /// A bracket the kernel's own text begins with: a frame or an address (`[<ffff…>]`,
    /// `[c00000000012abcd]`, s390's `([<…>])`), x86's stack markers (`<IRQ>`, `</NMI>`,
    /// `<TASK>`). A short number (`{7}`, `[00012]`) is a console's CPU or sequence.
    private static func isMessageBracket(_ l: UnsafeRawBufferPointer, _ start: Int, _ open: UInt8) -> Bool {
        let n = l.count
        var i = start + 1
        if i < n && (l[i] == UInt8(ascii: "<") || l[i] == UInt8(ascii: "[")) { return true }
        if open == UInt8(ascii: "<") && i < n && l[i] == UInt8(ascii: "/") { i += 1 }
        guard let closer = closer(of: open) else { return false }
        var hex = true, upper = true, count = 0
        let limit = min(n, start + maxHead)
        while i < limit, l[i] != closer {
            let c = l[i]
            count += 1
            if !(ByteText.isHexDigit(c) || c == UInt8(ascii: "x") || c == 0x20) { hex = false }
            if !(c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) { upper = false }
            if !hex && !upper { return false }
            i += 1
        }
        return count == 0 || hex && count >= 8 || open == UInt8(ascii: "<") && upper
    }

    /// Where the next `>` and `|` of the current chunk are: one forward search per chunk, not
    /// one per line (most lines of a console have neither).
    final class SeparatorCursor {
        @exclusivity(unchecked) private var end: UnsafeRawPointer?
        @exclusivity(unchecked) private var base: UnsafeRawPointer?
        @exclusivity(unchecked) private var nextAngle: UnsafeRawPointer?
        @exclusivity(unchecked) private var nextBar: UnsafeRawPointer?

        func begin(_ bytes: UnsafeRawBufferPointer) {
            base = bytes.baseAddress
            end = bytes.baseAddress.map { $0 + bytes.count }
            nextAngle = base
            nextBar = base
        }

        /// Whether `l[start..<limit]` holds one, or nil when `l` is not a slice of the chunk.
        func any(in l: UnsafeRawBufferPointer, _ start: Int, _ limit: Int) -> Bool? {
            guard let b = base, let e = end, let p = l.baseAddress, p >= b, p + l.count <= e else { return nil }
            let from = p + start, to = p + limit
            return Self.advance(&nextAngle, UInt8(ascii: ">"), from, e) < to || Self.advance(&nextBar, UInt8(ascii: "|"), from, e) < to
        }

        /// The first `c` at or after `from` (or `end`), searched again only when the one found
        /// before lies behind `from`.
        private static func advance(_ next: inout UnsafeRawPointer?, _ c: UInt8, _ from: UnsafeRawPointer, _ end: UnsafeRawPointer) -> UnsafeRawPointer {
            if let n = next, n >= from { return n }
            let found = memchr(from, Int32(c), end - from).map { UnsafeRawPointer($0) } ?? end
            next = found
            return found
        }
    }

    /// Whether `>` or `|` occurs in `l[start..<end]`, tested eight bytes at a time.
    private static func hasAngleOrBar(_ l: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let angles = ones &* UInt64(UInt8(ascii: ">")), bars = ones &* UInt64(UInt8(ascii: "|"))
        var i = start
        while i + 8 <= end {
            let w = l.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let a = w ^ angles, b = w ^ bars
            // A zero byte in `a` or `b` is a match (the classic has-zero-byte test).
            if ((a &- ones) & ~a | (b &- ones) & ~b) & highs != 0 { return true }
            i += 8
        }
        while i < end {
            if l[i] == UInt8(ascii: ">") || l[i] == UInt8(ascii: "|") { return true }
            i += 1
        }
        return false
    }

    /// The head with every run of digits, and of blanks, written once.
    static func shape(_ head: UnsafeRawBufferPointer) -> [UInt8] {
        var s: [UInt8] = []
        s.reserveCapacity(head.count)
        var last: UInt8 = 0
        for c in head {
            let k: UInt8 = ByteText.isDigit(c) ? UInt8(ascii: "0") : ByteText.isBlank(c) ? 0x20 : c
            if (k == UInt8(ascii: "0") || k == 0x20) && k == last { continue }
            s.append(k)
            last = k
        }
        while s.last == 0x20 { s.removeLast() }
        return s
    }

    private static func closer(of c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "("): UInt8(ascii: ")")
        case UInt8(ascii: "{"): UInt8(ascii: "}")
        case UInt8(ascii: "<"): UInt8(ascii: ">")
        default: nil
        }
    }

}
