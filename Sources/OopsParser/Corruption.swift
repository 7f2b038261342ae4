/// Whether a report is garbled (docs/SCHEMA.md `corrupted`): pieces a well-formed report has are
/// missing, or lines of something else are mixed into it. A corrupted report still gets a
/// title, but a best-effort one; triage should not trust its function.
enum Corruption {
    /// A printk timestamp inside the title: two lines were printed into one.
    static let timestampInText = Pattern(#"\[ *[0-9]+\.[0-9]+\]"#)

    /// Lines after a stack header within which its first frame must appear.
    static let framesWithin = 15
    /// A stack header needs at least this many lines after it to hold a stack at all.
    static let minimumLinesAfterHeader = 3

    /// Why the report `lines` (from its headline on) is corrupted, or nil. `printsStack`: the
    /// report's kind always prints a stack; `readFrames`: the parser read frames of it even so
    /// (a writer cut the header with the registers before it: `[  ...]`, then the frames).
    static func reason(title: String, lines: ArraySlice<String>, printsStack: Bool, readFrames: Bool, scratch: MatchScratch) -> String? {
        if timestampInText.matches(title, scratch: scratch) { return "the title line holds a second line's timestamp" }
        guard printsStack else { return nil }
        var sawStack = false
        var checked: Set<Int> = []
        // Which lines open a stack, once (the loops below consult each line up to twice).
        let opens = lines.map { StackText.opensStack($0, scratch: scratch) }
        func opensStack(_ i: Int) -> Bool { opens[i - lines.startIndex] }
        for i in lines.indices where opensStack(i) {
            // Each kind of header is judged at its first occurrence.
            guard let kind = headerKind(lines[i], scratch: scratch), checked.insert(kind).inserted else { continue }
            if lines.endIndex - i - 1 < minimumLinesAfterHeader { return "the call trace is missing after its header" }
            var found = false
            for j in (i + 1)..<min(lines.endIndex, i + 1 + framesWithin) {
                if opensStack(j) { break }
                if lines[j].includes(StackText.stackNotAvailable) || StackText.isAnyFrame(lines[j], scratch: scratch) {
                    found = true
                    break
                }
            }
            if !found { return "a stack header is followed by no frames" }
            sawStack = true
        }
        return sawStack || readFrames ? nil : "the report has no stack trace"
    }

    /// Which of ``StackText/stackHeaders`` a header line is (`Call Trace`, `Allocated by task` …),
    /// so that each is judged once.
    static func headerKind(_ line: String, scratch: MatchScratch) -> Int? {
        StackText.stackHeaders.firstIndex { $0.matches(line, scratch: scratch) }
    }
}
