/// Re-cuts a quoted log that a mail client re-flowed into paragraphs: the newlines between its
/// records became blanks and new ones fell at the wrap column, so each line holds the end of one
/// record, whole records, and the start of the next (`> [ 87.825061] ----[ cut here ]----
/// [ 87.829695] WARNING:` / `> CPU: 0 PID: 0 at drivers/…/videobuf2-core.c:986` /
/// `> vb2_buffer_done+0x208/0x2a0 [ 87.840302] Modules linked in: [`), even its stamps split.
///
/// A quoted line with a record glued into it is held back. When the next line of the same
/// depth does not begin with a record, a paragraph goes on: the lines are joined with the blanks
/// the client turned into newlines, and the text is cut again at every stamp, until a blank
/// line, another quote depth, or a line that is one whole record of its own again. When it
/// does, the held line is handed back, to be read as any line is.
final class ReflowedParagraph {
    private var quote: [UInt8] = []
    /// The glued line held, while whether a paragraph follows is not known.
    private var line: [UInt8] = []
    /// The record being assembled, without quote marks, once a paragraph goes on.
    private var record: [UInt8] = []
    private var number = 0
    private var depth = 0
    private(set) var holding = false
    /// The number of the line held, which a report may yet begin with.
    var heldLine: Int? { holding ? number : nil }
    /// Inside a paragraph.
    private var flowing = false

    /// A record longer than this is no record: whatever follows is read line by line again.
    static let maxRecord = 2048

    typealias Feed = (_ record: UnsafeRawBufferPointer, _ number: Int) throws -> Void

    /// Whether a paragraph may begin at `line`: quoted, with a record glued into it.
    static func begins(_ line: UnsafeRawBufferPointer, _ prefix: LinePrefix) -> Bool {
        prefix.quoteDepth > 0 && glued(line, prefix) != nil
    }

    /// Holds a line ``begins(_:_:)`` accepted.
    func hold(_ bytes: UnsafeRawBufferPointer, _ prefix: LinePrefix, number n: Int) {
        line = Array(bytes)
        quote = Array(bytes[..<prefix.quoteEnd])
        depth = prefix.quoteDepth
        number = n
        holding = true
        flowing = false
    }

    /// Whether `text` goes on with what is held (joined to it, the records it completes handed
    /// to `feed`); when not, ``end(feed:)`` comes first.
    func continues(_ bytes: UnsafeRawBufferPointer, _ prefix: LinePrefix, number n: Int, feed: Feed) throws -> Bool {
        guard holding, prefix.quoteDepth == depth else { return false }
        let text = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: bytes[prefix.quoteEnd...]))
        let start = ByteText.skipBlanks(text)
        guard start < text.count else { return false }
        // A record first (its stamp, after a log level perhaps): a paragraph has not begun after
        // a glued line, or a whole record on a line of its own ends the one that had.
        if prefix.timestamp != nil || Self.ownStamp(bytes, prefix) != nil {
            if !flowing || Self.glued(bytes, prefix) == nil { return false }
        }
        if !flowing { try beginParagraph(feed: feed) }
        record.append(0x20)
        record += text[start...]
        // Every stamp after the record's own ends the record before it.
        while let cut = record.withUnsafeBytes({ GluedRecords.find(in: $0, from: 1) }) {
            try emit(upTo: cut, feed: feed)
            record.removeFirst(cut)
            number = n
        }
        if record.count > Self.maxRecord {
            try emit(upTo: record.count, feed: feed)
            holding = false
        }
        return true
    }

    /// Ends what is held: the paragraph's last record is fed; a line no paragraph followed is
    /// returned as it was.
    func end(feed: Feed) throws -> (bytes: [UInt8], number: Int)? {
        guard holding else { return nil }
        holding = false
        guard flowing else { return (line, number) }
        flowing = false
        try emit(upTo: record.count, feed: feed)
        record.removeAll(keepingCapacity: true)
        return nil
    }

    /// The held line's records but its last are complete: they are fed; the last goes on.
    private func beginParagraph(feed: Feed) throws {
        flowing = true
        let records = line.withUnsafeBytes { b -> [[UInt8]] in
            let prefix = LinePrefix.parse(b)
            var cuts = [prefix.quoteEnd]
            var from = Self.glued(b, prefix)
            while let c = from {
                cuts.append(c)
                from = GluedRecords.find(in: b, from: c + 1)
            }
            cuts.append(b.count)
            return zip(cuts, cuts.dropFirst()).map { Array(b[$0..<$1]) }
        }
        for r in records.dropLast() where !r.isEmpty {
            let l = quote + Array(r.withUnsafeBytes { ByteText.trimTrailingBlanks($0) })
            try l.withUnsafeBytes { try feed($0, number) }
        }
        record = Array(records.last.map { $0.withUnsafeBytes { Array(ByteText.trimTrailingBlanks($0)) } } ?? [])
    }

    private func emit(upTo end: Int, feed: Feed) throws {
        let l = record.withUnsafeBytes { quote + Array(ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: $0[..<end]))) }
        try l.withUnsafeBytes { try feed($0, number) }
    }

    /// The first record glued after the line's own beginning: after its timestamp when it
    /// begins with one, a log level (`<4> [36.901105] …`) perhaps before it.
    private static func glued(_ line: UnsafeRawBufferPointer, _ prefix: LinePrefix) -> Int? {
        let from = ownStamp(line, prefix).map { $0 + 1 } ?? prefix.messageStart + 1
        return GluedRecords.find(in: line, from: max(from, prefix.messageStart + 1))
    }

    /// Where the line's own stamp is, when it begins with a record (quote marks, blanks and a
    /// log level before it: `<4> `, `dmesg -x`'s `kern  :warn  : `).
    private static func ownStamp(_ line: UnsafeRawBufferPointer, _ prefix: LinePrefix) -> Int? {
        var i = ByteText.skipBlanks(line, from: prefix.quoteEnd)
        if i + 3 < line.count, line[i] == UInt8(ascii: "<"), line[i + 1] &- 0x30 < 10, line[i + 2] == UInt8(ascii: ">") {
            i = ByteText.skipBlanks(line, from: i + 3)
        } else {
            // `facility:level:` with the blanks dmesg pads them with.
            var j = i
            for _ in 0..<2 {
                let word = j
                while j < line.count, ByteText.isLetter(line[j]) { j += 1 }
                j = ByteText.skipBlanks(line, from: j)
                guard j > word, j < line.count, line[j] == UInt8(ascii: ":") else { j = -1; break }
                j = ByteText.skipBlanks(line, from: j + 1)
            }
            if j > 0 { i = j }
        }
        return i < line.count && GluedRecords.isStamp(line, i) ? i : nil
    }
}
