import OopsCore

/// One kind of line a report can contain and what it contributes to the record. A rule is a
/// row of data: a literal the trimmed message starts with (for dispatch), an anchored pattern
/// whose captures the action reads, and the action.
public struct LineRule: Sendable {
    /// Returns false to decline the line after all (e.g. a frame outside a call trace).
    public typealias Action = @Sendable (ReportBuilder, RuleMatch) -> Bool
    public let name: String
    let literal: [UInt8]
    let pattern: Pattern?
    let action: Action
    /// Only tried inside reports that can print lock listings (``ReportBuilder/mayPrintLocks``):
    /// lockdep's prose is searched for anywhere in a line, which is too costly for every
    /// unknown line of every oops.
    let lockText: Bool
    /// Bytes the line must contain somewhere, checked (memchr on their rarest byte) before a
    /// pattern that would scan the whole line for them (`\S.* invoked oom-killer: `).
    let needle: [UInt8]?
    let needleAnchor: Int

    public init(_ name: String, _ literal: String, _ pattern: String? = nil, lockText: Bool = false,
                containing needle: String? = nil, _ action: @escaping Action) {
        self.name = name
        self.literal = Array(literal.utf8)
        self.pattern = pattern.map { Pattern($0, .anchored) }
        self.lockText = lockText
        self.needle = needle.map { Array($0.utf8) }
        self.needleAnchor = self.needle.map(ByteText.rareByteOffset) ?? 0
        self.action = action
    }
}

/// The captures of a rule's pattern on one line, with typed accessors.
public struct RuleMatch {
    public let bytes: UnsafeRawBufferPointer
    public let scratch: MatchScratch
    /// Leading blanks before the trimmed message (frames are indented; some headers are not).
    public let indent: Int

    public func string(_ i: Int) -> String? { scratch.string(i, in: bytes) }
    public func hex(_ i: Int) -> UInt64? { scratch.hex(i, in: bytes) }
    public func int(_ i: Int) -> Int? { scratch.int(i, in: bytes) }
    public func has(_ i: Int) -> Bool { scratch.range(i) != nil }
    public func slice(_ i: Int) -> UnsafeRawBufferPointer? { scratch.slice(i, in: bytes) }
    /// The whole line (trimmed).
    public var text: String { ByteText.string(bytes) }
}

/// Rules indexed by the first byte of the trimmed message.
public struct Grammar: Sendable {
    public let rules: [LineRule]
    private let byFirstByte: [[Int]]
    private let unanchored: [Int]

    public init(_ rules: [LineRule]) {
        self.rules = rules
        var table = [[Int]](repeating: [], count: 256)
        var unanchored: [Int] = []
        for (i, r) in rules.enumerated() {
            if let b = r.literal.first { table[Int(b)].append(i) } else { unanchored.append(i) }
        }
        self.byFirstByte = table
        self.unanchored = unanchored
    }

    /// Applies the first rule that matches `message` (already trimmed of leading blanks);
    /// returns its name, or nil when no rule knows the line.
    @inline(__always)
    public func apply(_ message: UnsafeRawBufferPointer, indent: Int, to builder: ReportBuilder, scratch: MatchScratch) -> String? {
        guard let first = message.first else { return nil }
        for i in byFirstByte[Int(first)] where tryRule(i, message, indent, builder, scratch) { return rules[i].name }
        for i in unanchored where tryRule(i, message, indent, builder, scratch) { return rules[i].name }
        return nil
    }

    @inline(__always)
    private func tryRule(_ i: Int, _ message: UnsafeRawBufferPointer, _ indent: Int,
                         _ builder: ReportBuilder, _ scratch: MatchScratch) -> Bool {
        let rule = rules[i]
        if rule.lockText && !builder.mayPrintLocks { return false }
        guard ByteText.hasPrefix(message, rule.literal) else { return false }
        if let needle = rule.needle, !ByteText.contains(message, needle, anchor: rule.needleAnchor) { return false }
        if let p = rule.pattern {
            guard p.matches(message, in: scratch) else { return false }
        }
        return rule.action(builder, RuleMatch(bytes: message, scratch: scratch, indent: indent))
    }
}
