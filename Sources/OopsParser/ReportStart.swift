import OopsCore

/// One way a kernel report can begin, as data (in the spirit of syzkaller's `pkg/report`
/// format tables). The scanner recognises a start by a literal at the start of the message
/// (cheap, checked on every input line), confirmed by an anchored pattern.
public struct ReportStart: Sendable {
    /// Stable name; also what `absorbs` lists refer to.
    public let name: String
    /// The message must begin with this (after prefixes), or contain it when `anywhere`.
    public let literal: [UInt8]
    /// Confirms the start; anchored at the message start unless `anywhere`.
    public let pattern: Pattern?
    /// Search for `literal` anywhere in the message instead of at its start (costly; few rows).
    public let anywhere: Bool
    /// Names of starts that, arriving while a report of this format is open, continue it
    /// instead of opening a new one (`Internal error:` after `Unable to handle kernel …`).
    public let absorbs: Set<String>
    /// A report of this format may absorb further starts of the same format (a storm of
    /// SMMU context faults is one report with a repeat count).
    public let mergesRepeats: Bool
    /// Lines that match the literal and pattern but are not reports (``NotReports``).
    public let unless: Pattern?
    /// Whether this start, seen while another report is open (and before its end marker),
    /// begins a new report. False for lines that also appear inside other reports.
    public let interrupts: Bool

    public init(_ name: String, _ literal: String, _ pattern: String? = nil, anywhere: Bool = false,
                absorbs: Set<String> = [], mergesRepeats: Bool = false, interrupts: Bool = true,
                unless: [String] = []) {
        self.name = name
        self.literal = Array(literal.utf8)
        self.pattern = pattern.map { Pattern($0, anywhere ? [] : .anchored) }
        self.anywhere = anywhere
        self.absorbs = absorbs
        self.mergesRepeats = mergesRepeats
        self.interrupts = interrupts
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
    /// (offset into `literals`, length, index into `starts`), grouped by first byte.
    private let entries: UnsafeMutablePointer<(Int32, Int32, Int32)>
    private let literals: UnsafeMutablePointer<UInt8>
    /// Starts searched anywhere in the message, with the offset of their rarest byte.
    private let anywhere: [(Int, Int)]

    public init(_ starts: [ReportStart]) {
        self.starts = starts
        var groups = [[Int]](repeating: [], count: 256)
        var anywhere: [Int] = []
        var totalLength = 0
        for (i, s) in starts.enumerated() {
            if s.anywhere || s.literal.isEmpty { anywhere.append(i); continue }
            groups[Int(s.literal[0])].append(i)
            totalLength += s.literal.count
        }
        self.anywhere = anywhere.map { ($0, ByteText.rareByteOffset(starts[$0].literal)) }
        dispatch = .allocate(capacity: 256)
        entries = .allocate(capacity: max(1, starts.count))
        literals = .allocate(capacity: max(1, totalLength))
        var e = 0
        var at = 0
        for b in 0..<256 {
            dispatch[b] = (Int32(e), Int32(groups[b].count))
            for i in groups[b] {
                let lit = starts[i].literal
                for (k, byte) in lit.enumerated() { literals[at + k] = byte }
                entries[e] = (Int32(at), Int32(lit.count), Int32(i))
                at += lit.count
                e += 1
            }
        }
    }

    deinit {
        dispatch.deallocate()
        entries.deallocate()
        literals.deallocate()
    }

    /// The index into `starts` of the first format this message opens.
    @inline(__always)
    public func detect(_ message: UnsafeRawBufferPointer, scratch: MatchScratch) -> Int? {
        guard let base = message.baseAddress, message.count > 0 else { return nil }
        let (first, count) = dispatch[Int(base.load(as: UInt8.self))]
        var k = Int(first)
        let end = k + Int(count)
        while k < end {
            let (offset, length, index) = entries[k]
            k += 1
            guard Int(length) <= message.count,
                  Self.equal(base, literals + Int(offset), Int(length)) else { continue }
            let s = starts[Int(index)]
            if let p = s.pattern, !p.matches(message, in: scratch) { continue }
            if let u = s.unless, u.matches(message, in: scratch) { continue }
            return Int(index)
        }
        if anywhere.isEmpty { return nil }
        for (i, anchor) in anywhere {
            let s = starts[i]
            guard message.count >= s.literal.count, ByteText.contains(message, s.literal, anchor: anchor) else { continue }
            if let p = s.pattern, !p.matches(message, in: scratch) { continue }
            if let u = s.unless, u.matches(message, in: scratch) { continue }
            return i
        }
        return nil
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

    public func index(named name: String) -> Int? { starts.firstIndex { $0.name == name } }
}
