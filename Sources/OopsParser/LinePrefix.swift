import OopsCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The printk caller id a line carries (`[T1234]` task, `[C3]` CPU in interrupt context).
public struct CallerID: Hashable, Sendable, CustomStringConvertible {
    /// `T` or `C`.
    public let kind: UInt8
    public let id: UInt32
    public var description: String { String(UnicodeScalar(kind)) + String(id) }
}

/// What the prefixes of a raw line said and where the kernel's message starts.
///
/// Recognised, in any stacking order: e-mail quoting (`> `, `> > `, any depth), `<N>` log
/// levels, printk timestamps `[  123.456789]`, caller ids `[T123]` `[C3]` `[  T70]`,
/// syslog / journalctl short and short-precise (`Jun  5 03:02:11 host kernel: `), journalctl
/// short-iso and host timestamps (`2024-06-05T03:02:11+0000 host kernel: `,
/// `2024-06-05 03:02:11.123 `, `2018/01/09 14:28:48 `), short-monotonic (`[  123.456789] host
/// kernel: `), `/dev/kmsg` records (`6,1234,5678,-;`), a bare `kernel: `, a serial console's
/// login prompt before the kernel's line (`syzkaller login: [  16.3] …`), printk's
/// `** 93 printk messages dropped ** `, `dmesg -T` dates (`[Thu Mar 13 15:18:38 2025]`),
/// Android/MediaTek tags (`[name:traps&]`, `(1)[19100:exploit]`, `[3701:11_see]`), ramdump
/// parsers' records (`0x000000000277BBFA |   1263.468579:   `), timestamps blanked to `[] `.
/// Hand-written on bytes because it runs on every input line (see docs/DESIGN.md on the hot path);
/// patterns are for report lines.
public struct LinePrefix: Sendable {
    /// Offset of the message within the raw line.
    public var messageStart = 0
    /// The printk timestamp text inside the brackets (`123.456789`), if any.
    public var timestamp: Range<Int>?
    public var caller: CallerID?
    public var quoteDepth = 0
    /// Offset just past the quote marks (and the blank after each).
    public var quoteEnd = 0
    /// The line carried a vendor console tag (`[3701:11_see]`, `[name:traps&]`) or a syslog or
    /// journal date, which, like a timestamp, every line of such a log has: a line without one
    /// is a mail client's wrap.
    public var tagged = false
    /// `<N>` log level, -1 when absent.
    public var level = -1

    public init() {}

    /// The kernel's message in a whole line: what follows every recognised prefix.
    static func message(of line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[parse(line).messageStart...])
    }

    /// Strips every recognised prefix from `line`.
    @inline(__always)
    public static func parse(_ line: UnsafeRawBufferPointer) -> LinePrefix {
        var p = LinePrefix()
        let n = line.count
        var i = 0
        // E-mail quoting comes first: it wraps whatever the log looked like. Some writers
        // quote with `| ` (commit messages, some mailers) instead of `> `, or glue the `|` to
        // the timestamp (`|[  255.82] Unable to handle …`).
        while i < n && (line[i] == UInt8(ascii: ">") || line[i] == UInt8(ascii: "|")
                        && (i + 1 == n || line[i + 1] == 0x20 || line[i + 1] == UInt8(ascii: "["))) {
            p.quoteDepth += 1
            i += 1
            if i < n && line[i] == 0x20 { i += 1 }
        }
        p.quoteEnd = i
        // A log indented as a whole (pasted into a mail or an advisory): blanks before its
        // timestamps, kept as the message's indent when no prefix follows them.
        let beforeIndent = i
        var marked = false
        if i < n && (line[i] == 0x20 || line[i] == 0x09) {
            var j = i
            while j < n && (line[j] == 0x20 || line[j] == 0x09) && j - i < 16 { j += 1 }
            if j < n && (line[j] == UInt8(ascii: "[") || line[j] == UInt8(ascii: "<")
                         || literal(line, j, "kernel:[") != nil
                         || line[j] >= UInt8(ascii: "A") && line[j] <= UInt8(ascii: "S") && syslogDate(line, j) != nil
                         || ByteText.isDigit(line[j]) && lineNumber(line, j) != nil) { i = j }
            // A marker a writer put before a quoted line (`  | virtio-pci …: swiotlb buffer is
            // full`, `  => nvme …`, a web page's `  • DMA: …`): no kernel line starts with one.
            else if let k = lineMarker(line, j) { i = k; marked = true }
        } else if i == 0, let k = lineMarker(line, 0), line[0] != UInt8(ascii: "|") {
            i = k
            marked = true
        }
        let afterIndent = i
        var rounds = 0
        while i < n && rounds < 6 {
            rounds += 1
            let c = line[i]
            if c == UInt8(ascii: "[") {
                if let j = timestamp(line, i, &p) { i = j; continue }
                if let j = callerID(line, i, &p) { i = j; continue }
                if let j = bracketTag(line, i, &p) { i = j; continue }
                break
            } else if c == UInt8(ascii: "<") {
                guard let j = level(line, i, &p) else { break }
                i = j
            } else if c >= 0x30 && c <= 0x39 {
                if rounds == 1, let j = stampWithoutBracket(line, i, &p) { i = j; continue }
                if rounds == 1, let j = lineNumber(line, i) { i = j; continue }
                if let j = kmsgRecord(line, i, &p) { i = j; continue }
                if let j = isoDateTime(line, i) { i = hostAndTag(line, j) ?? j; p.tagged = true; continue }
                if let j = ramdumpRecord(line, i, &p) { i = j; continue }
                break
            } else if c >= UInt8(ascii: "A") && c <= UInt8(ascii: "S"), let j = syslogDate(line, i) {
                i = hostAndTag(line, j) ?? j
                p.tagged = true
            } else if rounds == 1, c >= 0x80 || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "z")),
                      let j = localizedSyslogDate(line, i) {
                i = j
                p.tagged = true
            } else if rounds == 1, c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"), let j = decodedLevel(line, i) {
                i = j
                p.tagged = true
            } else if c == UInt8(ascii: "c"), p.timestamp != nil, let j = cpuPIDComm(line, i) {
                i = j
            } else if c == UInt8(ascii: "k"), let j = literal(line, i, "kernel: ") {
                i = j
            } else if c == UInt8(ascii: "k"), let j = literal(line, i, "kmemleak: ") {
                // kmemleak's pr_fmt: a scan that finds leaks prints every line of its reports
                // behind it (`kmemleak: unreferenced object 0x…`, `kmemleak:   backtrace:`).
                i = j
            } else if c == UInt8(ascii: "k"), let j = literal(line, i, "kernel:["), rounds == 1 {
                // syslogd's wall broadcast of emergency lines: ` kernel:[  622.405154] Internal error: …`.
                i = j - 1
            } else {
                // A prompt only where a raw line begins; MediaTek's `(cpu)` tag after a timestamp.
                guard rounds == 1 || c == 0x20 || c == UInt8(ascii: "-") || c == UInt8(ascii: "("),
                      let j = consolePrefix(line, i, atLineStart: rounds == 1) else { break }
                i = j
            }
        }
        if i == afterIndent && !marked { i = beforeIndent }
        p.messageStart = i
        return p
    }

    /// `dmesg -x` (`--decode`): `kern  :warn  : ` before the timestamp, the facility and the
    /// level padded to their longest names.
    private static let facilities: Set<String> = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
                                                  "cron", "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4",
                                                  "local5", "local6", "local7"]
    private static let levels: Set<String> = ["emerg", "alert", "crit", "err", "warn", "notice", "info", "debug"]

    private static func decodedLevel(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start
        for names in [facilities, levels] {
            let word = i
            while i < n, (l[i] &- 0x61 < 26) || (l[i] &- 0x30 < 10), i - word < 9 { i += 1 }
            guard i > word, names.contains(String(decoding: UnsafeRawBufferPointer(rebasing: l[word..<i]), as: UTF8.self)) else { return nil }
            while i < n && l[i] == 0x20 { i += 1 }
            guard i < n, l[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            while i < n && l[i] == 0x20 { i += 1 }
        }
        return i
    }

    /// `| `, `=> ` or `• ` (U+2022) and the blank after it: the end of a writer's line marker.
    @inline(__always)
    private static func lineMarker(_ l: UnsafeRawBufferPointer, _ j: Int) -> Int? {
        let n = l.count
        if j + 1 < n && l[j] == UInt8(ascii: "|") && l[j + 1] == 0x20 { return j + 2 }
        if j + 2 < n && l[j] == UInt8(ascii: "=") && l[j + 1] == UInt8(ascii: ">") && l[j + 2] == 0x20 { return j + 3 }
        if j + 3 < n && l[j] == 0xE2 && l[j + 1] == 0x80 && l[j + 2] == 0xA2 && l[j + 3] == 0x20 { return j + 4 }
        return nil
    }

    /// `6070.550357] ` at a line's start: a printk stamp whose `[` a selection that began
    /// mid-line cut off (six fraction digits, as printk prints them).
    @inline(__always)
    private static func stampWithoutBracket(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i = start
        while i < n && ByteText.isDigit(l[i]) && i - start < 8 { i += 1 }
        guard i > start, i < n, l[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        let frac = i
        while i < n && ByteText.isDigit(l[i]) { i += 1 }
        guard i - frac == 6, i + 1 < n, l[i] == UInt8(ascii: "]"), l[i + 1] == 0x20 else { return nil }
        p.timestamp = start..<i
        return i + 2
    }

    // `[  123.456789]` plus an optional caller id and one space; also short-monotonic's host tag.
    @inline(__always)
    private static func timestamp(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i: Int
        if let j = dmesgStamp(l, start, &p) {
            i = j
        } else {
            i = start + 1
            // Padding is spaces; a mail client may have made them no-break spaces, or mangled
            // those into U+FFFD, encoded twice (`[ï¿½ï¿½ï¿½ 8.921909]`): any non-ASCII byte pads.
            while i < n && (l[i] == 0x20 || l[i] >= 0x80) { i += 1 }
            // `dmesg -H` prints the time since the previous line: `[  +0.000039]`.
            if i < n && l[i] == UInt8(ascii: "+") { i += 1 }
            let digitsStart = i
            while i < n && ByteText.isDigit(l[i]) { i += 1 }
            // A decimal comma where the locale writes one (`dmesg -H` under LC_NUMERIC=nl_NL).
            guard i > digitsStart, i < n, l[i] == UInt8(ascii: ".") || l[i] == UInt8(ascii: ",") else { return nil }
            i += 1
            let frac = i
            while i < n && ByteText.isDigit(l[i]) { i += 1 }
            let stampEnd = i
            // HiSilicon's vendor kernels print the unit: `[ 1264.589996s][pid:18926,cpu6,…]`.
            if i + 1 < n && l[i] == UInt8(ascii: "s") && l[i + 1] == UInt8(ascii: "]") { i += 1 }
            // `dmesg -d` adds the time since the previous line: `[  123.810074 <    0.000006>]`.
            if i + 1 < n && l[i] == 0x20 {
                var j = i
                while j < n && l[j] == 0x20 { j += 1 }
                if j < n && l[j] == UInt8(ascii: "<") {
                    j += 1
                    while j < n && l[j] == 0x20 { j += 1 }
                    let d = j
                    while j < n && (ByteText.isDigit(l[j]) || l[j] == UInt8(ascii: ".")) { j += 1 }
                    if j > d, j + 1 < n, l[j] == UInt8(ascii: ">"), l[j + 1] == UInt8(ascii: "]") { i = j + 1 }
                }
            }
            guard i > frac, i < n, l[i] == UInt8(ascii: "]") else { return nil }
            p.timestamp = digitsStart..<stampEnd
            i += 1
            // The same mangling of the space after the stamp: it stands for that space.
            if i < n && l[i] >= 0x80 {
                while i < n && l[i] >= 0x80 { i += 1 }
                return hostAndTag(l, i) ?? i
            }
        }
        if i < n && l[i] == UInt8(ascii: "[") {
            if let j = callerID(l, i, &p) { i = j; return i }
        }
        if i < n && l[i] == 0x20 { i += 1 }
        return hostAndTag(l, i) ?? i
    }

    // printk's own layout, `[%5lu.%06lu]` (`[    0.505692]`), checked a word at a time: the
    // fraction and the bracket are one 8-byte compare, the seconds five bytes of space or digit.
    // Nearly every kernel line has it; other widths take the general path.
    @inline(__always)
    private static func dmesgStamp(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        guard start + 14 <= l.count, let base = l.baseAddress else { return nil }
        // Bytes 6...13: `.` six digits `]`.
        let w = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start + 6, as: UInt64.self))
        let shape: UInt64 = 0x5D30_3030_3030_302E          // "]000000." little-endian
        let mask: UInt64 = 0xFFF0_F0F0_F0F0_F0FF            // digits compared on their high nibble
        guard w & mask == shape else { return nil }
        // Low nibbles of the six digits at most 9: adding 6 must not carry into bit 4.
        let low = w & 0x000F_0F0F_0F0F_0F00
        guard (low &+ 0x0006_0606_0606_0600) & 0x0010_1010_1010_1000 == 0 else { return nil }
        // Seconds: spaces, then at least one digit, right-aligned in five columns.
        var i = start + 1
        while i < start + 5 && l[i] == 0x20 { i += 1 }
        let digits = i
        while i < start + 6 && ByteText.isDigit(l[i]) { i += 1 }
        guard i == start + 6, i > digits else { return nil }
        p.timestamp = digits..<(start + 13)
        return start + 14
    }

    // `[T123]`, `[  C3]`; a bare number names no caller: glued to the timestamp, some vendor
    // kernels' CPU number (`[   13.380405][  0] `); first on a line, a mail's reference
    // marker before the text it quotes (`[2] arm-smmu-v3 …: event 0x10 received:`).
    @inline(__always)
    private static func callerID(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i = start + 1
        while i < n && l[i] == 0x20 { i += 1 }
        guard i < n else { return nil }
        if ByteText.isDigit(l[i]) {
            let digits = i
            while i < n && ByteText.isDigit(l[i]) && i - digits < 4 { i += 1 }
            guard i < n, l[i] == UInt8(ascii: "]") else { return nil }
            i += 1
            if i < n && l[i] == 0x20 { i += 1 }
            return i
        }
        guard l[i] == UInt8(ascii: "T") || l[i] == UInt8(ascii: "C") else { return nil }
        let kind = l[i]
        i += 1
        var id: UInt32 = 0
        let digits = i
        while i < n && ByteText.isDigit(l[i]) && i - digits < 9 { id = id * 10 + UInt32(l[i] - 0x30); i += 1 }
        guard i > digits, i < n, l[i] == UInt8(ascii: "]") else { return nil }
        p.caller = CallerID(kind: kind, id: id)
        i += 1
        if i < n && l[i] == 0x20 { i += 1 }
        return i
    }

    // Bracketed prefixes other than a printk timestamp or caller id. The rare prefixes stay
    // out of line, so that the common path of `parse` stays small.
    @inline(never)
    private static func bracketTag(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        if let j = moduleTag(l, start) ?? pidComm(l, start) ?? pidCPU(l, start) ?? emptyStamp(l, start) { p.tagged = true; return j }
        return humanDate(l, start, &p)
    }

    // Android/MediaTek consoles: `[3701:11_see]`, `(1)[19100:exploit]` (pid and comm).
    private static func pidComm(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start + 1
        let digits = i
        while i < n && ByteText.isDigit(l[i]) && i - digits < 8 { i += 1 }
        guard i > digits, i < n, l[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        let comm = i
        while i < n && i - comm <= 16 && l[i] != UInt8(ascii: "]") && l[i] != 0x20 { i += 1 }
        guard i < n, l[i] == UInt8(ascii: "]") else { return nil }
        return i + 1
    }

    // A line number before a printk stamp (`7207 [  680.592466] …`, `cat -n`'s `  7207\t[ …`):
    // taken only when a stamp follows.
    private static func lineNumber(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start
        while i < n && ByteText.isDigit(l[i]) && i - start < 8 { i += 1 }
        guard i > start, i < n, l[i] == 0x20 || l[i] == 0x09 else { return nil }
        while i < n && (l[i] == 0x20 || l[i] == 0x09) && i - start < 16 { i += 1 }
        var probe = LinePrefix()
        guard i < n, l[i] == UInt8(ascii: "["), timestamp(l, i, &probe) != nil else { return nil }
        return i
    }

    // Unisoc/ASR consoles after the stamp: `c0 7125 (syz-executor) ` (the CPU, the pid, the comm),
    // or the CPU before a caller id (`c6 [ T5491] `, read next as the caller).
    private static func cpuPIDComm(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start + 1
        let cpu = i
        while i < n && ByteText.isDigit(l[i]) && i - cpu < 4 { i += 1 }
        guard i > cpu, i < n, l[i] == 0x20 else { return nil }
        i += 1
        if i < n && l[i] == UInt8(ascii: "[") { return i }
        let pid = i
        while i < n && ByteText.isDigit(l[i]) && i - pid < 8 { i += 1 }
        guard i > pid, i + 1 < n, l[i] == 0x20, l[i + 1] == UInt8(ascii: "(") else { return nil }
        i += 2
        let comm = i
        while i < n && i - comm <= 20 && l[i] != UInt8(ascii: ")") { i += 1 }
        guard i > comm, i + 1 < n, l[i] == UInt8(ascii: ")"), l[i + 1] == 0x20 else { return nil }
        return i + 2
    }

    // HiSilicon/Huawei consoles: `[pid:434,cpu1,in irq]`, `[pid:1,cpu0,swapper/0]` (pid, CPU,
    // the context or comm).
    private static func pidCPU(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard var i = literal(l, start, "[pid:") else { return nil }
        let n = l.count
        let digits = i
        while i < n && ByteText.isDigit(l[i]) && i - digits < 8 { i += 1 }
        guard i > digits, let j = literal(l, i, ",cpu") else { return nil }
        i = j
        let cpu = i
        while i < n && ByteText.isDigit(l[i]) && i - cpu < 5 { i += 1 }
        guard i > cpu, i < n, l[i] == UInt8(ascii: ",") else { return nil }
        let tail = i
        while i < n && i - tail <= 32 && l[i] != UInt8(ascii: "]") { i += 1 }
        guard i < n, l[i] == UInt8(ascii: "]") else { return nil }
        return i + 1
    }

    // `dmesg -T`: `[Thu Mar 13 15:18:38 2025] `, in any locale (`[ma mrt 21 17:09:33 2022] `,
    // `[lun. mars 21 …]`, `[Пн мар 21 …]`): two words, the day, the time and the year. The
    // time and year make it certain; the words can be anything the locale abbreviates to.
    private static func humanDate(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i = start + 1
        for _ in 0..<2 {
            let w = i
            while i < n && i - w < 12 && (l[i] >= 0x80 || ByteText.isLetter(l[i])) { i += 1 }
            guard i > w, i < n else { return nil }
            if l[i] == UInt8(ascii: ".") { i += 1 }
            guard i < n, l[i] == 0x20 else { return nil }
            i += 1
        }
        let dateStart = start + 1
        guard let afterTime = dayAndTime(l, i), afterTime + 5 <= n,
              ByteText.isDigit(l[afterTime]), ByteText.isDigit(l[afterTime + 1]), ByteText.isDigit(l[afterTime + 2]), ByteText.isDigit(l[afterTime + 3]),
              l[afterTime + 4] == UInt8(ascii: "]") else { return nil }
        i = afterTime + 4
        p.timestamp = dateStart..<i
        i += 1
        if i < n && l[i] == 0x20 { i += 1 }
        return i
    }

    // A timestamp someone blanked before posting the log: `[] ` (or `[ ] `).
    private static func emptyStamp(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start + 1
        while i < n && i - start < 16 && l[i] == 0x20 { i += 1 }
        guard i + 1 < n, l[i] == UInt8(ascii: "]"), l[i + 1] == 0x20 else { return nil }
        return i + 2
    }

    // MediaTek kernels name the printing module: `[name:traps&]`, `[name:mrdump&]`.
    private static func moduleTag(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard var i = literal(l, start, "[name:") else { return nil }
        let n = l.count
        let nameStart = i
        while i < n && i - nameStart < 32 && l[i] != UInt8(ascii: "&") && l[i] != UInt8(ascii: "]") { i += 1 }
        guard i > nameStart, let j = literal(l, i, "&]") else { return nil }
        return j
    }

    // `<6>`.
    @inline(__always)
    private static func level(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i = start + 1
        var v = 0
        while i < n && ByteText.isDigit(l[i]) && i - start <= 3 { v = v * 10 + Int(l[i] - 0x30); i += 1 }
        guard i > start + 1, i < n, l[i] == UInt8(ascii: ">") else { return nil }
        p.level = v
        return i + 1
    }

    // `/dev/kmsg`: `6,1234,5678,-;message` (the level is the low 3 bits of the first field).
    private static func kmsgRecord(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        let n = l.count
        var i = start
        var fields = 0
        var first = 0
        while fields < 3 {
            let s = i
            var v = 0
            while i < n && ByteText.isDigit(l[i]) && i - s < 20 { v = v &* 10 &+ Int(l[i] - 0x30); i += 1 }
            guard i > s, i < n, l[i] == UInt8(ascii: ",") else { return nil }
            if fields == 0 { first = v }
            i += 1
            fields += 1
        }
        let flagsStart = i
        while i < n && l[i] != UInt8(ascii: ";") && i - flagsStart < 8 {
            if l[i] == 0x20 { return nil }
            i += 1
        }
        guard i < n, l[i] == UInt8(ascii: ";") else { return nil }
        p.level = first & 7
        return i + 1
    }

    // `2024-06-05T03:02:11.123456+0000 ` or `2024-06-05 03:02:11,123 ` (host-side loggers), and
    // `2018/01/09 14:28:48 ` (a fuzzer's log that echoes the console).
    private static func isoDateTime(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        guard start + 19 <= n else { return nil }
        let shape: [UInt8] = Array("dddd/dd/ddXdd:dd:dd".utf8)
        for k in 0..<19 {
            let c = l[start + k]
            switch shape[k] {
            case UInt8(ascii: "d"): guard ByteText.isDigit(c) else { return nil }
            case UInt8(ascii: "X"): guard c == UInt8(ascii: "T") || c == 0x20 else { return nil }
            case UInt8(ascii: "/"): guard c == UInt8(ascii: "-") || c == UInt8(ascii: "/") else { return nil }
            default: guard c == shape[k] else { return nil }
            }
        }
        var i = start + 19
        if i < n && (l[i] == UInt8(ascii: ".") || l[i] == UInt8(ascii: ",")) {
            i += 1
            while i < n && ByteText.isDigit(l[i]) { i += 1 }
        }
        if i < n && l[i] == UInt8(ascii: "Z") { i += 1 }
        if i < n && (l[i] == UInt8(ascii: "+") || l[i] == UInt8(ascii: "-")) {
            i += 1
            while i < n && (ByteText.isDigit(l[i]) || l[i] == UInt8(ascii: ":")) { i += 1 }
        }
        guard i < n, l[i] == 0x20 else { return i == n ? i : nil }
        return i + 1
    }

    // What the console put before the kernel's line: a login prompt or printk's dropped marker
    // (where a raw line begins), MediaTek's CPU tag `(1)` / ` (1)` / `-(1)` before a pid tag.
    @inline(never)
    private static func consolePrefix(_ l: UnsafeRawBufferPointer, _ start: Int, atLineStart: Bool) -> Int? {
        let c = l[start]
        if let j = cpuTag(l, start) { return j }
        guard atLineStart else { return nil }
        if c == UInt8(ascii: "*") { return droppedMessages(l, start) }
        if c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") { return loginPrompt(l, start) }
        return nil
    }

    // `(1)[19100:exploit]`, led by a space or `-`: taken only when a pid tag follows.
    private static func cpuTag(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start
        if l[i] == 0x20 || l[i] == UInt8(ascii: "-") { i += 1 }
        guard i < n, l[i] == UInt8(ascii: "(") else { return nil }
        i += 1
        let digits = i
        while i < n && ByteText.isDigit(l[i]) && i - digits < 4 { i += 1 }
        guard i > digits, i + 1 < n, l[i] == UInt8(ascii: ")"), l[i + 1] == UInt8(ascii: "["),
              pidComm(l, i + 1) != nil else { return nil }
        return i + 1
    }

    // A serial console's login prompt that the kernel's next line was printed after:
    // `syzkaller login: [  16.305150] …`, `syzkaller login: Unable to handle kernel …`.
    private static func loginPrompt(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        guard let base = l.baseAddress,
              let sp = memchr(base + start, 0x20, min(n - start, 32)) else { return nil }
        let i = base.distance(to: UnsafeRawPointer(sp)) + 1
        guard let j = literal(l, i, "login: "), j < n else { return nil }
        return j
    }

    // `** 93 printk messages dropped ** ` (printk's ring buffer overflowed before this line).
    private static func droppedMessages(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        guard var i = literal(l, start, "** ") else { return nil }
        let digits = i
        while i < l.count && ByteText.isDigit(l[i]) { i += 1 }
        guard i > digits, let j = literal(l, i, " printk messages dropped ** ") else { return nil }
        return j
    }

    // The kernel log as ramdump parsers print it (Qualcomm's tools, among others): the record's
    // address, a bar, the printk time and a colon: `0x000000000277BBFA |   1263.468579:   `.
    @inline(never)
    private static func ramdumpRecord(_ l: UnsafeRawBufferPointer, _ start: Int, _ p: inout LinePrefix) -> Int? {
        guard var i = literal(l, start, "0x") else { return nil }
        let n = l.count
        let hex = i
        while i < n && i - hex < 16 && HexDigit.value(of: l[i]) != nil { i += 1 }
        guard i > hex else { return nil }
        while i < n && l[i] == 0x20 { i += 1 }
        guard i < n, l[i] == UInt8(ascii: "|") else { return nil }
        i += 1
        while i < n && l[i] == 0x20 { i += 1 }
        let digits = i
        while i < n && ByteText.isDigit(l[i]) { i += 1 }
        guard i > digits, i < n, l[i] == UInt8(ascii: ".") else { return nil }
        i += 1
        while i < n && ByteText.isDigit(l[i]) { i += 1 }
        guard i < n, l[i] == UInt8(ascii: ":") else { return nil }
        p.timestamp = digits..<i
        i += 1
        while i < n && l[i] == 0x20 { i += 1 }
        return i
    }

    // `Jun  5 03:02:11 ` / `Jun 05 03:02:11.123456 `.
    private static func syslogDate(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        guard start + 15 <= n else { return nil }
        let m0 = l[start], m1 = l[start + 1], m2 = l[start + 2]
        guard isMonth(m0, m1, m2), l[start + 3] == 0x20 else { return nil }
        return dayAndTime(l, start + 4)
    }

    // journalctl and syslog in another locale: the month as the locale abbreviates it
    // (`июл 27 14:08:03 laptop kernel: `, `juil. 27 …`, `Mär 27 …`). Taken only with the
    // `host kernel:` that follows, since the month alone could be any word.
    @inline(never)
    private static func localizedSyslogDate(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        var i = start
        while i < n && i - start < 12 && (l[i] >= 0x80 || ByteText.isLetter(l[i])) { i += 1 }
        guard i - start >= 2, i < n else { return nil }
        if l[i] == UInt8(ascii: ".") { i += 1 }
        guard i < n, l[i] == 0x20, let j = dayAndTime(l, i + 1) else { return nil }
        return hostAndTag(l, j)
    }

    // ` 5 03:02:11 ` or `27 14:08:03.123456 ` after the month.
    private static func dayAndTime(_ l: UnsafeRawBufferPointer, _ at: Int) -> Int? {
        let n = l.count
        var i = at
        guard i < n else { return nil }
        if l[i] == 0x20 { i += 1 }
        let d = i
        while i < n && ByteText.isDigit(l[i]) && i - d < 2 { i += 1 }
        guard i > d, i < n, l[i] == 0x20 else { return nil }
        i += 1
        guard i + 8 <= n, ByteText.isDigit(l[i]), ByteText.isDigit(l[i + 1]), l[i + 2] == UInt8(ascii: ":"),
              ByteText.isDigit(l[i + 3]), ByteText.isDigit(l[i + 4]), l[i + 5] == UInt8(ascii: ":"),
              ByteText.isDigit(l[i + 6]), ByteText.isDigit(l[i + 7]) else { return nil }
        i += 8
        if i < n && l[i] == UInt8(ascii: ".") {
            i += 1
            while i < n && ByteText.isDigit(l[i]) { i += 1 }
        }
        guard i < n, l[i] == 0x20 else { return nil }
        return i + 1
    }

    // `host kernel: ` or `host kernel[0]: ` after a date; nil when the next words are not that.
    @inline(__always)
    private static func hostAndTag(_ l: UnsafeRawBufferPointer, _ start: Int) -> Int? {
        let n = l.count
        // The host name: a short word (a loop beats a memchr call over so few bytes).
        var i = start
        let limit = min(n, start + 128)
        while i < limit && l[i] != 0x20 { i += 1 }
        guard i < limit, i > start else { return nil }
        i += 1
        guard let j = literal(l, i, "kernel") else { return nil }
        i = j
        if i < n && l[i] == UInt8(ascii: "[") {
            while i < n && l[i] != UInt8(ascii: "]") { i += 1 }
            i += 1
        }
        guard i < n, l[i] == UInt8(ascii: ":") else { return nil }
        i += 1
        if i < n && l[i] == 0x20 { i += 1 }
        return i
    }

    @inline(__always)
    private static func literal(_ l: UnsafeRawBufferPointer, _ start: Int, _ text: StaticString) -> Int? {
        let count = text.utf8CodeUnitCount
        guard start + count <= l.count else { return nil }
        let t = text.utf8Start
        for k in 0..<count where l[start + k] != t[k] { return nil }
        return start + count
    }


    private static func isMonth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch (a, b, c) {
        case (0x4A, 0x61, 0x6E), (0x46, 0x65, 0x62), (0x4D, 0x61, 0x72), (0x41, 0x70, 0x72),
             (0x4D, 0x61, 0x79), (0x4A, 0x75, 0x6E), (0x4A, 0x75, 0x6C), (0x41, 0x75, 0x67),
             (0x53, 0x65, 0x70), (0x4F, 0x63, 0x74), (0x4E, 0x6F, 0x76), (0x44, 0x65, 0x63):
            return true
        default:
            return false
        }
    }
}
