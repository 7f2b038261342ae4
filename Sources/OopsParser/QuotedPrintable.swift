/// Undoes quoted-printable, the transfer encoding of many mails: a raw message saved from an
/// archive (lore's raw view, an mbox) shows a pasted log with `=3D` for `=`, `=C2=A0` for a
/// no-break space, and lines broken at 76 columns by a soft break (a final `=`), the pieces
/// carrying no quote marks or timestamps of their own.
///
/// Plain logs are full of `=` (`pgd=0000…`, `x=2048`), so nothing is decoded until the input
/// shows the encoding: a line that ends in a soft break, with escapes only the encoding
/// writes (``escapes(in:atLeast:)``), or more lines broken at its column
/// (``softBreaks(in:atLeast:)``), on it or in the 4 KiB that follow. Kernel logs wrap at no
/// column, so such a line comes within the first lines of any log pasted that way; checking
/// only lines that end in `=` costs a plain log nothing. From there on, soft-broken lines are
/// joined (keeping the first piece's number) and the lines that show the encoding decoded,
/// until `quietLimit` lines in a row show none of it (the mail ended; `cat`ted logs follow).
final class QuotedPrintable {
    /// The input showed the encoding.
    private(set) var active = false
    private var chunkEnd: UnsafeRawPointer?
    private var chunkStart: UnsafeRawPointer?
    private var pending: [UInt8] = []
    private var pendingNumber = 0
    private var held = false
    private var pendingSign = false
    /// The quote marks the held line began with (empty when it was not quoted).
    private var quotePrefix: [UInt8] = []
    private var quiet = 0
    static let quietLimit = 500
    /// How far past a soft-broken line an escape is looked for.
    static let lookahead = 4 << 10
    /// A soft-broken line longer than this is given up on (emitted as it is).
    static let maxJoined = 64 << 10

    func chunk(_ bytes: UnsafeRawBufferPointer) {
        chunkStart = bytes.baseAddress
        chunkEnd = bytes.baseAddress.map { $0 + bytes.count }
    }

    /// Whether `line` (and the lines after it) are to be decoded.
    @inline(__always)
    func applies(to line: InputLine) -> Bool {
        if active { return true }
        guard Self.endsInSoftBreak(line.bytes) else { return false }
        return beginsEncoding(line)
    }

    /// A soft-broken line: is the encoding on it or in the text right after it?
    @inline(never)
    private func beginsEncoding(_ line: InputLine) -> Bool {
        var window = line.bytes
        if let b = line.bytes.baseAddress, let start = chunkStart, let end = chunkEnd, b >= start, b + line.bytes.count <= end {
            window = UnsafeRawBufferPointer(start: b, count: min(end - b, Self.lookahead))
        }
        // Two escapes: one `=3D` could be a plain log's `mask=3D…`. Or, in a body without any
        // escape, three lines cut at the encoding's 76 columns by a soft break.
        active = Self.escapes(in: window, atLeast: 2) || Self.softBreaks(in: window, atLeast: 3)
        quiet = 0
        return active
    }

    /// The decoded line `line` completes, or nil while a soft break holds it.
    func decode(_ line: InputLine) -> (bytes: [UInt8], number: Int)? {
        var bytes = line.bytes
        if !held {
            pending.removeAll(keepingCapacity: true); pendingNumber = line.number; pendingSign = false
            quotePrefix = Array(bytes.prefix(Self.quoteMarks(bytes)))
        } else if !quotePrefix.isEmpty, bytes.count >= quotePrefix.count, ByteText.hasPrefix(bytes, quotePrefix) {
            // The raw message was quoted as it was, soft breaks and all (`> …05:0=` / `> 0.0: …`):
            // the continuation's quote marks are not part of the line.
            bytes = UnsafeRawBufferPointer(rebasing: bytes[quotePrefix.count...])
        } else if held, case let k = Self.quoteMarks(bytes), k > 0, k < quotePrefix.count,
                  ByteText.hasPrefix(UnsafeRawBufferPointer(rebasing: bytes.prefix(k)), Array(quotePrefix.prefix(k))) {
            // A QP mail whose continuations were unquoted, quoted again as a whole (`> > …0642=`
            // / `> 7-g58…`): the continuation's fewer marks are the outer quoting, not its text.
            bytes = UnsafeRawBufferPointer(rebasing: bytes[k...])
        }
        let soft = Self.endsInSoftBreak(bytes) && !line.overlong
        pending.append(contentsOf: soft ? UnsafeRawBufferPointer(rebasing: bytes.dropLast()) : bytes)
        if soft && pending.count < Self.maxJoined { held = true; pendingSign = true; return nil }
        held = false
        // Only a line that shows the encoding is decoded: a plain line's `pgd=0000…` is not
        // an escape (encoded, it would read `pgd=3D0000…`).
        // Inside the mail, a line ending in `=20`/`=09` is the encoding keeping a trailing
        // blank (`[ 1531.748352][ T4444]=20`, a register row's `…0001=20`).
        guard pendingSign || Self.showsEncoding(pending) || Self.endsInEncodedBlank(pending) else {
            quiet += 1
            if quiet >= Self.quietLimit { active = false; quiet = 0 }
            return (pending, pendingNumber)
        }
        quiet = 0
        return (Self.unescaped(pending), pendingNumber)
    }

    /// An escape that only the encoding writes: `=3D` (an `=`), or a multi-byte UTF-8 character
    /// escaped byte by byte (`=C2=A0`, `=E2=80=99`). Not `=20` or `=09` (plain logs print
    /// `size=2048`), nor one high byte alone (`address=97:49:…`).
    static func showsEncoding(_ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { escapes(in: $0, atLeast: 1) }
    }

    /// `=20` or `=09` ends the line: the blank an encoder must escape at a line's end.
    static func endsInEncodedBlank(_ b: [UInt8]) -> Bool {
        b.count >= 3 && b[b.count - 3] == UInt8(ascii: "=") && b[b.count - 2] &- 0x30 < 10
            && (b[b.count - 2] == UInt8(ascii: "2") && b[b.count - 1] == UInt8(ascii: "0")
                || b[b.count - 2] == UInt8(ascii: "0") && b[b.count - 1] == UInt8(ascii: "9"))
    }

    /// Whether `b` holds `count` such escapes.
    static func escapes(in b: UnsafeRawBufferPointer, atLeast count: Int) -> Bool {
        var found = 0
        var i = 0
        while i + 2 < b.count {
            if b[i] == UInt8(ascii: "="), let v = byte(b, i) {
                if v == 0x3D || (0xC2...0xF4).contains(v) && i + 5 < b.count && b[i + 3] == UInt8(ascii: "=")
                    && byte(b, i + 3).map({ (0x80...0xBF).contains($0) }) == true {
                    found += 1
                    if found >= count { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// How many bytes of quote marks begin `b`: the `>`s with the blanks between them and the
    /// one blank after the last (further blanks are the text's); 0 when it is not quoted.
    static func quoteMarks(_ b: UnsafeRawBufferPointer) -> Int {
        var i = 0
        var end = 0
        while i < b.count, b[i] == UInt8(ascii: ">") || b[i] == 0x20 {
            if b[i] == UInt8(ascii: ">") { end = i + 1 }
            i += 1
        }
        if end > 0, end < b.count, b[end] == 0x20 { end += 1 }
        return end
    }

    /// Whether `b` holds `count` lines that a quoted-printable encoder broke: 70 to 76 bytes
    /// ending in a lone `=` (its limit is 76 with the `=`; kernel lines wrap at no column).
    static func softBreaks(in b: UnsafeRawBufferPointer, atLeast count: Int) -> Bool {
        var found = 0
        var start = 0
        for i in 0..<b.count where b[i] == 0x0A {
            var end = i
            if end > start && b[end - 1] == 0x0D { end -= 1 }
            if (70...76).contains(end - start), endsInSoftBreak(UnsafeRawBufferPointer(rebasing: b[start..<end])) {
                found += 1
                if found >= count { return true }
            }
            start = i + 1
        }
        return false
    }

    /// A soft break: the line ends in a lone `=`. The encoding writes every other `=` as `=3D`,
    /// so a line ending in `==` (KASAN's `=====` rule) is a plain line, even inside the mail.
    @inline(__always)
    /// (`?=` ends a header's encoded word, `=?utf-8?B?…?=`, not a line; `!=` a test's wrapped
    /// comparison, `TFAIL: extent->fe_length (…) !=`.)
    static func endsInSoftBreak(_ b: UnsafeRawBufferPointer) -> Bool {
        guard b.count >= 2, b[b.count - 1] == UInt8(ascii: "=") else { return false }
        let before = b[b.count - 2]
        return before != UInt8(ascii: "=") && before != UInt8(ascii: "?") && before != UInt8(ascii: "!")
    }

    /// The byte `=XX` at `i` stands for.
    private static func byte(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt8? {
        guard i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) else { return nil }
        return h << 4 | l
    }

    /// The line a soft break still holds at the end of input.
    func flush() -> (bytes: [UInt8], number: Int)? {
        guard held else { return nil }
        held = false
        return (Self.unescaped(pending), pendingNumber)
    }

    /// `=XX` (two upper-case hex digits) to the byte; anything else as it is.
    static func unescaped(_ b: [UInt8]) -> [UInt8] {
        guard b.contains(UInt8(ascii: "=")) else { return b }
        return b.withUnsafeBytes { raw in
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = 0
            while i < raw.count {
                if raw[i] == UInt8(ascii: "="), let v = byte(raw, i) {
                    out.append(v)
                    i += 3
                } else {
                    out.append(raw[i])
                    i += 1
                }
            }
            return out
        }
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 0x30
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - 0x37
        default: return nil
        }
    }
}
