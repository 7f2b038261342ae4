import OopsCore

/// One way a kernel report can begin, as data (in the spirit of syzkaller's `pkg/report`
/// format tables). The scanner recognises a start by a literal at the start of the message
/// (cheap, checked on every input line), confirmed by an anchored pattern.
public struct ReportStart: Sendable {
    /// The format this line begins (its facts are ``ReportFormats``' row).
    public let format: ReportFormat
    /// The message must begin with this (after prefixes), or contain it when `anywhere`.
    public let literal: [UInt8]
    /// Confirms the start; anchored at the message start unless `anywhere`.
    public let pattern: Pattern?
    /// Search for `literal` anywhere in the message instead of at its start (costly; few rows).
    public let anywhere: Bool
    /// Lines that match the literal and pattern but are not reports (``NotReports``).
    public let unless: Pattern?
    /// Whether this start, seen while another report is open (and before its end marker),
    /// begins a new report. False for lines that also appear inside other reports.
    public let interrupts: Bool
    /// A report's inner line (a register dump's `pc :`) that begins a report only where none is
    /// open and no task line (`CPU: … PID:`) came just before it: the head of the report was
    /// cut off (a trimmed paste, a lost ring buffer), not a register dump of a live CPU.
    public let headless: Bool
    /// With ``headless``: a frame of the kernel's own crash path (`die`, `__warn`,
    /// `kasan_report`): a trace pasted without its headline, registers or task line. Such a
    /// frame is the dump itself, so only an open report or one that just ended refuses it.
    public let crashFrame: Bool
    /// Not a report: the `Linux version` banner a boot prints, which names the release of the
    /// reports that follow (``StreamRelease``).
    public let releaseBanner: Bool
    /// A message a `WARN()` prints (dma-debug's `DMA-API: …`): just after a `cut here` marker
    /// it is the coming WARNING's message, not a report; elsewhere a report whose WARNING line
    /// was left out of the paste (with ``headless``, only where no report is open).
    public let warnMessage: Bool

    public init(_ format: ReportFormat, _ literal: String, _ pattern: String? = nil, anywhere: Bool = false,
                interrupts: Bool = true, headless: Bool = false, crashFrame: Bool = false, releaseBanner: Bool = false,
                warnMessage: Bool = false, unless: [String] = []) {
        self.releaseBanner = releaseBanner
        self.warnMessage = warnMessage
        self.format = format
        self.literal = Array(literal.utf8)
        self.pattern = pattern.map { Pattern($0, anywhere ? [] : .anchored) }
        self.anywhere = anywhere
        self.interrupts = interrupts
        self.headless = headless || crashFrame
        self.crashFrame = crashFrame
        self.unless = unless.isEmpty ? nil : NotReports.pattern(unless)
    }
}

/// Finds which ``ReportStart`` (if any) a message opens, with a first-byte dispatch table over a
/// flat copy of the literals, so an ordinary log line costs one table load and rarely a short
/// inline compare (no retain/release, no call).
public final class ReportStartDetector: @unchecked Sendable {
    public let starts: [ReportStart]
    /// Per first byte: (first entry, count) into `entries`.
    private let dispatch: UnsafeMutablePointer<(Int32, Int32)>
    /// One literal of `starts`, flat: where its bytes are in `literals`, and its first eight
    /// bytes (`head`, under `mask` when shorter) so that most candidates are rejected by one
    /// compare of the message's first word.
    private struct Entry {
        var offset: Int32
        var length: Int32
        var index: Int32
        var head: UInt64
        var mask: UInt64
    }
    /// Anchored starts grouped by first byte, then the starts searched anywhere.
    private let entries: UnsafeMutablePointer<Entry>
    private let literals: UnsafeMutablePointer<UInt8>
    /// Starts searched anywhere in the message: entries from `anywhereFirst`, with the offset
    /// of their rarest byte.
    private let anywhereFirst: Int
    private let anywhereCount: Int
    private let anchors: UnsafeMutablePointer<Int>

    public init(_ starts: [ReportStart]) {
        self.starts = starts
        var groups = [[Int]](repeating: [], count: 256)
        var anywhere: [Int] = []
        var totalLength = 0
        for (i, s) in starts.enumerated() {
            totalLength += s.literal.count
            if s.anywhere || s.literal.isEmpty { anywhere.append(i); continue }
            groups[Int(s.literal[0])].append(i)
        }
        let dispatch = UnsafeMutablePointer<(Int32, Int32)>.allocate(capacity: 256)
        let entries = UnsafeMutablePointer<Entry>.allocate(capacity: max(1, starts.count))
        let literals = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, totalLength))
        let anchors = UnsafeMutablePointer<Int>.allocate(capacity: max(1, anywhere.count))
        var e = 0
        var at = 0
        func add(_ i: Int) {
            let lit = starts[i].literal
            for (k, byte) in lit.enumerated() { literals[at + k] = byte }
            var head: UInt64 = 0, mask: UInt64 = 0
            for (k, byte) in lit.prefix(8).enumerated() {
                head |= UInt64(byte) << (8 * UInt64(k))
                mask |= 0xff << (8 * UInt64(k))
            }
            entries[e] = Entry(offset: Int32(at), length: Int32(lit.count), index: Int32(i), head: head, mask: mask)
            at += lit.count
            e += 1
        }
        for b in 0..<256 {
            dispatch[b] = (Int32(e), Int32(groups[b].count))
            for i in groups[b] { add(i) }
        }
        let anywhereFirst = e
        for (k, i) in anywhere.enumerated() {
            anchors[k] = ByteText.rareByteOffset(starts[i].literal)
            add(i)
        }
        self.dispatch = dispatch
        self.entries = entries
        self.literals = literals
        self.anchors = anchors
        self.anywhereFirst = anywhereFirst
        self.anywhereCount = anywhere.count
    }

    deinit {
        dispatch.deallocate()
        entries.deallocate()
        literals.deallocate()
        anchors.deallocate()
    }

    /// The index into `starts` of the first format this message opens.
    @inline(__always)
    public func detect(_ message: UnsafeRawBufferPointer, scratch: MatchScratch) -> Int? {
        detect(message, scratch: scratch, cursor: nil)
    }

    /// The same, with the `anywhere` literals looked up in `cursor` (one search per chunk of
    /// input) when the message lies inside the cursor's chunk.
    @inline(__always)
    public func detect(_ message: UnsafeRawBufferPointer, scratch: MatchScratch, cursor: AnywhereCursor?) -> Int? {
        guard let base = message.baseAddress, message.count > 0 else { return nil }
        let (first, count) = dispatch[Int(base.load(as: UInt8.self))]
        if count > 0 {
            let head = Self.head(base, message.count)
            var k = Int(first)
            let end = k + Int(count)
            while k < end {
                let entry = entries[k]
                k += 1
                guard head & entry.mask == entry.head, Int(entry.length) <= message.count,
                      Self.equal(base, literals + Int(entry.offset), Int(entry.length)) else { continue }
                if confirmed(Int(entry.index), message, scratch) { return Int(entry.index) }
            }
        }
        let inChunk = cursor?.covers(message) == true
        if inChunk && cursor!.quiet(message) { return nil }
        defer { if inChunk { cursor!.settle(from: base) } }
        var a = 0
        while a < anywhereCount {
            let entry = entries[anywhereFirst + a]
            let anchor = anchors[a]
            a += 1
            // In a chunk every literal is looked up even for a line too short to hold it:
            // the quiet stretch `settle` draws from this line must know each one's next hit.
            guard inChunk || message.count >= Int(entry.length) else { continue }
            let needle = UnsafeRawBufferPointer(start: literals + Int(entry.offset), count: Int(entry.length))
            let found = inChunk ? cursor!.lineContains(a - 1, needle, anchor: anchor, message)
                                : ByteText.contains(message, needle, anchor: anchor)
            guard found, confirmed(Int(entry.index), message, scratch) else { continue }
            return Int(entry.index)
        }
        return nil
    }

    /// A cursor over one chunk of input for this detector's `anywhere` literals.
    public func makeCursor() -> AnywhereCursor { AnywhereCursor(count: anywhereCount) }

    /// The row's pattern confirms the start and its `unless` does not veto it.
    private func confirmed(_ i: Int, _ message: UnsafeRawBufferPointer, _ scratch: MatchScratch) -> Bool {
        if let p = starts[i].pattern, !p.matches(message, in: scratch) { return false }
        if let u = starts[i].unless, u.matches(message, in: scratch) { return false }
        return true
    }

    /// The first eight bytes of the message (fewer, zero-padded, when it is shorter).
    @inline(__always)
    static func head(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        if n >= 8 { return UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) }
        var v: UInt64 = 0
        for k in 0..<n { v |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) << (8 * UInt64(k)) }
        return v
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b[i] { return false }
            i += 1
        }
        return true
    }

}

/// Where, in the current chunk of input, each `anywhere` literal of a detector next occurs.
/// Those literals may sit anywhere in a line, so testing each line costs a search of it per
/// literal; they are also rare, so searching the chunk once per literal and comparing offsets
/// per line costs almost nothing.
public final class AnywhereCursor {
    private var chunk: UnsafeRawPointer?
    private var chunkEnd: UnsafeRawPointer?
    /// Per literal: where its next occurrence starts (at or after `searchedFrom`), or nil when
    /// the rest of the chunk has none.
    private let next: UnsafeMutablePointer<UnsafeRawPointer?>
    private let searchedFrom: UnsafeMutablePointer<UnsafeRawPointer?>
    private let count: Int
    /// No literal begins in [quietFrom, quietUntil): lines inside it need no check at all
    /// (one compare per line instead of one per literal).
    private var quietFrom: UnsafeRawPointer?
    private var quietUntil: UnsafeRawPointer?

    init(count: Int) {
        self.count = count
        next = .allocate(capacity: max(1, count))
        searchedFrom = .allocate(capacity: max(1, count))
        next.initialize(repeating: nil, count: max(1, count))
        searchedFrom.initialize(repeating: nil, count: max(1, count))
    }

    deinit {
        next.deallocate()
        searchedFrom.deallocate()
    }

    /// Starts a chunk: the lines that follow are slices of `bytes`.
    public func begin(_ bytes: UnsafeRawBufferPointer) {
        chunk = bytes.baseAddress
        chunkEnd = bytes.baseAddress.map { $0 + bytes.count }
        for k in 0..<count { next[k] = nil; searchedFrom[k] = nil }
        quietFrom = nil
        quietUntil = nil
    }

    /// The message lies where no literal begins (known from the searches so far).
    @inline(__always)
    func quiet(_ message: UnsafeRawBufferPointer) -> Bool {
        guard let m = message.baseAddress, let f = quietFrom, let q = quietUntil, m >= f else { return false }
        return m + message.count <= q
    }

    /// After every literal was looked up for a line starting at `start`: the quiet stretch
    /// runs from there to the nearest next occurrence.
    @inline(__always)
    func settle(from start: UnsafeRawPointer) {
        var until = chunkEnd
        for k in 0..<count {
            // A literal not looked up for this line has an unknown next hit: nothing is quiet.
            guard let from = searchedFrom[k], from <= start else { until = start; break }
            if let n = next[k], until.map({ n < $0 }) ?? true { until = n }
        }
        quietFrom = start
        quietUntil = until
    }

    @inline(__always)
    func covers(_ message: UnsafeRawBufferPointer) -> Bool {
        guard let c = chunk, let e = chunkEnd, let m = message.baseAddress else { return false }
        return m >= c && m + message.count <= e
    }

    /// Whether literal `k` (`needle`) occurs inside `message`, a slice of the chunk.
    @inline(__always)
    func lineContains(_ k: Int, _ needle: UnsafeRawBufferPointer, anchor: Int, _ message: UnsafeRawBufferPointer) -> Bool {
        let start = message.baseAddress!
        let end = start + message.count
        // Search again only when the last search began after this line or its hit is behind it.
        if let from = searchedFrom[k], from <= start, next[k].map({ $0 >= start }) ?? true {
        } else {
            searchedFrom[k] = start
            let rest = UnsafeRawBufferPointer(start: start, count: chunkEnd! - start)
            next[k] = ByteText.firstIndex(of: needle, in: rest, anchor: anchor).map { start + $0 }
        }
        guard let hit = next[k] else { return false }
        return hit + needle.count <= end
    }
}
