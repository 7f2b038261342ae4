/// Undoes quoted-printable, the transfer encoding of many mails: a raw message saved from an
/// archive (lore's raw view, an mbox) shows a pasted log with `=3D` for `=`, `=C2=A0` for a
/// no-break space, and lines broken at 76 columns by a soft break (a final `=`), the pieces
/// carrying no quote marks or timestamps of their own.
///
/// Plain logs are full of `=` (`pgd=0000…`, `x=2048`), so nothing is decoded until the input
/// shows the encoding: the header that names it, or an encoded `=` or no-break space, which a
/// kernel never prints. From that line on, soft-broken lines are joined (the result keeps the
/// first piece's number) and escapes decoded, until `quietLimit` lines in a row show no sign
/// of it (the mail ended; `cat`ted logs follow it).
final class QuotedPrintable {
    /// The input showed the encoding.
    private(set) var active = false
    /// Where, in the current chunk, the next sign of the encoding is (lines from there on
    /// are decoded).
    private var signAt: UnsafeRawPointer?
    private var chunkStart: UnsafeRawPointer?
    private var chunkEnd: UnsafeRawPointer?
    private var pending: [UInt8] = []
    private var pendingNumber = 0
    private var held = false
    private var pendingSign = false
    private var quiet = 0
    static let quietLimit = 500

    static let signs: [[UInt8]] = ["quoted-printable", "=3D", "=C2=A0"].map { Array($0.utf8) }
    /// A soft-broken line longer than this is given up on (emitted as it is).
    static let maxJoined = 64 << 10

    /// Looks for the signs once per chunk of input (no per-line cost for plain logs).
    func chunk(_ bytes: UnsafeRawBufferPointer) {
        chunkStart = bytes.baseAddress
        chunkEnd = bytes.baseAddress.map { $0 + bytes.count }
        signAt = nil
        guard !active else { return }
        findSign(in: bytes)
    }

    private func findSign(in bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        for s in Self.signs {
            let hit = s.withUnsafeBytes { ByteText.firstIndex(of: $0, in: bytes, anchor: 0) }
            if let h = hit, signAt.map({ base + h < $0 }) ?? true { signAt = base + h }
        }
    }

    /// Whether `line` (and every line after it) is to be decoded.
    @inline(__always)
    func applies(to line: InputLine) -> Bool {
        if active { return true }
        guard let s = signAt, let b = line.bytes.baseAddress, b + line.bytes.count >= s else { return false }
        active = true
        return true
    }

    /// The decoded line `line` completes, or nil while a soft break holds it.
    func decode(_ line: InputLine) -> (bytes: [UInt8], number: Int)? {
        let bytes = line.bytes
        if !held { pending.removeAll(keepingCapacity: true); pendingNumber = line.number; pendingSign = false }
        let soft = bytes.last == UInt8(ascii: "=") && !line.overlong
        pending.append(contentsOf: soft ? UnsafeRawBufferPointer(rebasing: bytes.dropLast()) : bytes)
        if soft && pending.count < Self.maxJoined { held = true; pendingSign = true; return nil }
        held = false
        // Only a line that shows the encoding is decoded: a plain line's `pgd=0000…` is not
        // an escape (encoded, it would read `pgd=3D0000…`).
        guard pendingSign || Self.showsEncoding(pending) else {
            quiet += 1
            if quiet >= Self.quietLimit { rest(after: line) }
            return (pending, pendingNumber)
        }
        quiet = 0
        return (Self.unescaped(pending), pendingNumber)
    }

    /// An escape that only the encoding writes: `=3D` (`=`), `=20`/`=09` (blanks before a
    /// break), or a non-ASCII byte (`=C2=A0`, `=E2=80=99`).
    static func showsEncoding(_ b: [UInt8]) -> Bool {
        var i = 0
        while i + 2 < b.count {
            if b[i] == UInt8(ascii: "="), let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                let v = h << 4 | l
                if v == 0x3D || v == 0x20 || v == 0x09 || v >= 0x80 { return true }
            }
            i += 1
        }
        return false
    }

    /// The encoding has not been seen for a while: plain lines from here on, unless a sign
    /// comes later in the chunk.
    private func rest(after line: InputLine) {
        active = false
        quiet = 0
        signAt = nil
        guard let b = line.bytes.baseAddress, let start = chunkStart, let end = chunkEnd,
              b >= start, b + line.bytes.count <= end else { return }
        let from = b + line.bytes.count
        findSign(in: UnsafeRawBufferPointer(start: from, count: end - from))
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
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "="), i + 2 < b.count, let h = hex(b[i + 1]), let l = hex(b[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(b[i])
                i += 1
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 0x30
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - 0x37
        default: return nil
        }
    }
}
