import CPCRE2
import OopsCore

/// A regular expression compiled once with PCRE2 (8-bit, JIT) that matches byte buffers.
///
/// Every parsing pattern in oopsy goes through this type: Swift's and Foundation's regular
/// expression engines are far slower and cannot bound their backtracking. A `Pattern` is
/// immutable after init and shared by all threads; per-thread state lives in ``MatchScratch``.
/// A pattern that fails to compile never matches and is listed by ``Pattern/compileFailures``
/// (a test asserts that list is empty), so a typo cannot crash a run.
public final class Pattern: @unchecked Sendable {
    /// The pattern text as written.
    public let source: String
    /// Number of capture groups.
    public let captureCount: Int
    private let code: OpaquePointer?
    /// For an anchored pattern, the bytes a match can begin with (PCRE2's start bitmap or
    /// first code unit), as four 64-bit words: a line starting with any other byte is
    /// rejected without calling PCRE2 (grammars try many anchored rules on every line).
    private let startBytes: (UInt64, UInt64, UInt64, UInt64)?

    /// Compile options.
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Match only at the start offset (`PCRE2_ANCHORED`).
        public static let anchored = Options(rawValue: PCRE2_ANCHORED)
        public static let caseless = Options(rawValue: PCRE2_CASELESS)
    }

    /// Bytes every match contains, checked (memchr) before PCRE2 runs on a `String`
    /// (``matches(_:scratch:)``, ``captures(in:scratch:)``): for patterns asked of every line
    /// of a report that match few of them.
    let required: (bytes: [UInt8], anchor: Int)?

    public init(_ source: String, _ options: Options = [], requiring literal: String? = nil) {
        self.source = source
        self.required = literal.map { (Array($0.utf8), ByteText.rareByteOffset(Array($0.utf8))) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled = source.withCString { ptr in
            ptr.withMemoryRebound(to: UInt8.self, capacity: source.utf8.count) { p in
                pcre2_compile_8(p, source.utf8.count, options.rawValue | PCRE2_DOLLAR_ENDONLY,
                                &errorCode, &errorOffset, nil)
            }
        }
        self.code = compiled
        if let compiled {
            // JIT failure (e.g. no executable memory) leaves the interpreter, which is still correct.
            _ = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE)
            var count: UInt32 = 0
            pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
            self.captureCount = Int(count)
            self.startBytes = options.contains(.anchored) ? Self.startBitmap(compiled) : nil
        } else {
            self.captureCount = 0
            self.startBytes = nil
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            let message = String(decoding: buffer.prefix(max(0, Int(n))), as: UTF8.self)
            Pattern.recordFailure("\(source): \(message) at offset \(errorOffset)")
        }
    }

    deinit { if let code { pcre2_code_free_8(code) } }

    /// The bytes a match can start with, when PCRE2 knows them (nil: any byte may).
    private static func startBitmap(_ code: OpaquePointer) -> (UInt64, UInt64, UInt64, UInt64)? {
        var words: [UInt64] = [0, 0, 0, 0]
        var map: UnsafePointer<UInt8>?
        if pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &map) == 0, let map {
            for b in 0..<256 where map[b >> 3] & (1 << (b & 7)) != 0 { words[b >> 6] |= 1 << UInt64(b & 63) }
            return (words[0], words[1], words[2], words[3])
        }
        var type: UInt32 = 0
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type) == 0, type == 1 else { return nil }
        var unit: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit)
        guard unit < 256 else { return nil }
        var units = [UInt8(unit)]
        // PCRE2 does not say whether the first unit is caseless (an inline `(?i)` leaves no
        // compile option): a letter admits both cases.
        if (UInt8(unit) | 0x20) &- 0x61 < 26 { units = [UInt8(unit) | 0x20, UInt8(unit) & ~0x20] }
        for u in units { words[Int(u) >> 6] |= 1 << UInt64(u & 63) }
        return (words[0], words[1], words[2], words[3])
    }

    /// Whether a match of this (anchored) pattern may begin with `byte`.
    @inline(__always)
    func mayStart(with byte: UInt8) -> Bool {
        guard let m = startBytes else { return true }
        let word: UInt64
        switch byte >> 6 {
        case 0: word = m.0
        case 1: word = m.1
        case 2: word = m.2
        default: word = m.3
        }
        return word & (1 << UInt64(byte & 63)) != 0
    }

    /// Matches `bytes[start...]`. On success the captures are in `scratch`.
    @inline(__always)
    public func match(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, in scratch: MatchScratch) -> MatchOutcome {
        guard let code, let base = bytes.baseAddress, start <= bytes.count else { return .noMatch }
        if start < bytes.count, !mayStart(with: bytes[start]) { return .noMatch }
        let rc = pcre2_match_8(code, base.assumingMemoryBound(to: UInt8.self), bytes.count, start,
                               0, scratch.matchData, scratch.context)
        if rc > 0 { scratch.bind(pairs: Int(rc)); return .matched }
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        scratch.limitHits += 1
        return .limitExceeded
    }

    /// True when the pattern matches; a match-limit hit counts as no match (and is counted in
    /// `scratch.limitHits`, which callers report as a skipped line).
    @inline(__always)
    public func matches(_ bytes: UnsafeRawBufferPointer, from start: Int = 0, in scratch: MatchScratch) -> Bool {
        match(bytes, from: start, in: scratch) == .matched
    }

    // MARK: compile failures

    nonisolated(unsafe) private static var failures: [String] = []
    private static let failureLock = Mutex()

    private static func recordFailure(_ text: String) {
        failureLock.withLock { failures.append(text) }
    }

    /// Patterns that failed to compile in this process (empty in a correct build).
    public static var compileFailures: [String] { failureLock.withLock { failures } }
}

/// The result of one match attempt.
public enum MatchOutcome: Sendable, Equatable {
    case matched
    case noMatch
    /// PCRE2's match or depth limit stopped a backtracking search: the input was hostile or
    /// the pattern too loose. The line is skipped, never waited on.
    case limitExceeded
}

/// Per-thread match state: PCRE2 match data (the capture vector) and a match context carrying
/// the match limit. Not shareable between threads; make one per parser.
public final class MatchScratch {
    fileprivate let matchData: OpaquePointer?
    fileprivate let context: OpaquePointer?
    private let ovector: UnsafeMutablePointer<Int>?
    // Counters live in raw memory, not in Swift stored `var`s: this object is touched on every
    // candidate line, and class `var`s would pay for dynamic exclusivity checks there.
    private let counters = UnsafeMutablePointer<Int>.allocate(capacity: 2)
    /// ``GenericFrames/isGeneric(_:scratch:)``'s answers for this thread.
    @exclusivity(unchecked) var genericFrames: [String: Bool] = [:]
    private var pairs: Int { counters[0] }
    /// How many matches the limit stopped since this scratch was made.
    public var limitHits: Int {
        get { counters[1] }
        set { counters[1] = newValue }
    }

    /// The match limit bounds backtracking (PCRE2 counts calls of its internal match function).
    public init(maxCaptures: Int = 32, matchLimit: UInt32 = 200_000, depthLimit: UInt32 = 10_000) {
        matchData = pcre2_match_data_create_8(UInt32(maxCaptures + 1), nil)
        context = pcre2_match_context_create_8(nil)
        if let context {
            pcre2_set_match_limit_8(context, matchLimit)
            pcre2_set_depth_limit_8(context, depthLimit)
        }
        ovector = matchData.flatMap { pcre2_get_ovector_pointer_8($0) }.map {
            UnsafeMutableRawPointer($0).assumingMemoryBound(to: Int.self)
        }
        counters.initialize(repeating: 0, count: 2)
    }

    deinit {
        if let matchData { pcre2_match_data_free_8(matchData) }
        if let context { pcre2_match_context_free_8(context) }
        counters.deallocate()
    }

    fileprivate func bind(pairs: Int) { counters[0] = pairs }

    /// The byte range of capture `i` (0 = whole match), nil when the group did not take part.
    @inline(__always)
    public func range(_ i: Int) -> Range<Int>? {
        guard i < pairs, let ovector else { return nil }
        let lo = ovector[2 * i], hi = ovector[2 * i + 1]
        if lo == -1 || hi < lo { return nil }   // PCRE2_UNSET is ~0
        return lo..<hi
    }

    /// Capture `i`'s bytes in `bytes`, nil when unset or outside them (scratch read against
    /// other bytes than the last match's must not trap).
    @inline(__always)
    func slice(_ i: Int, in bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let r = range(i), r.upperBound <= bytes.count else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[r])
    }

    /// Capture `i` decoded as text (invalid UTF-8 repaired), nil when unset.
    public func string(_ i: Int, in bytes: UnsafeRawBufferPointer) -> String? {
        slice(i, in: bytes).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Capture `i` as a hex number (`0x` optional), nil when unset or not hex.
    public func hex(_ i: Int, in bytes: UnsafeRawBufferPointer) -> UInt64? {
        slice(i, in: bytes).flatMap { HexDigit.parse($0) }
    }

    /// Capture `i` as a decimal integer, nil when unset or out of range.
    public func int(_ i: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let s = slice(i, in: bytes), !s.isEmpty, s.count <= 18 else { return nil }
        var v = 0
        for b in s {
            guard b >= 0x30 && b <= 0x39 else { return nil }
            v = v * 10 + Int(b - 0x30)
        }
        return v
    }
}
