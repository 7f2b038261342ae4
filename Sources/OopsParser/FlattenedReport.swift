/// Cuts a report that lost its newlines and its timestamps back into lines. A CVE record, a
/// security digest or a web page quotes the kernel's report inside one paragraph of prose
/// (`… This fixes the following crash: ==== BUG: KASAN: slab-use-after-free in f+0x159/0x200
/// [mod] Read of size 8 at addr … CPU: 6 UID: 0 PID: 140241 Comm: … Call Trace: <TASK>
/// dump_stack_lvl+0x51/0x70 …`): with no stamp to cut at (``GluedRecords``), the line is cut
/// before each mark a report's line begins with and before each frame.
///
/// A line qualifies only when it is long, holds a report's headline, a mark only a dump prints
/// (a task line, `Call Trace:`, a pc) and at least ``minFrames`` frames: prose that names a
/// crash is not cut.
enum FlattenedReport {
    static let minFrames = 3

    /// Marks a report's lines begin with (the headlines first, then the lines that follow one).
    static let headlines = ["BUG: ", "WARNING: ", "UBSAN: ", "general protection fault", "Oops: ", "kernel BUG at ",
                            "Unable to handle kernel ", "Internal error: ", "Kernel panic - not syncing"]
    static let marks = headlines + [
        "==================================================================", "------------[ cut here ]------------",
        "Read of size ", "Write of size ", "Hardware name: ", "Workqueue: ", "Modules linked in:", "Call Trace:", "Call trace:",
        "<TASK>", "</TASK>", "<IRQ>", "</IRQ>", "RIP: ", "RSP: ", "RAX: ", "RDX: ", "RBP: ", "R10: ", "R13: ", "FS: ", "CS: ",
        "CR2: ", "Code: ", "Allocated by task ", "Freed by task ", "The buggy address ", "Memory state around ",
        "---[ end trace", "index ", "shift exponent ",
        // arm64's fault block and register dump.
        "Mem abort info:", "ESR = ", "EC = ", "SET = ", "EA = ", "FSC = ", "Data abort info:", "ISV = ", "CM = ",
        "user pgtable:", "swapper pgtable:", "pstate: ", "pc : ", "lr : ", "sp : ",
        "x29: ", "x26: ", "x23: ", "x20: ", "x17: ", "x14: ", "x11: ", "x8 : ", "x5 : ", "x2 : ",
    ]
    /// Marks only a dump prints (a task line is checked apart): prose naming a crash has none.
    static let dumpMarks: Set<String> = ["Call Trace:", "Call trace:", "<TASK>", "RIP: ", "pc : ", "Hardware name: ", "Mem abort info:"]

    static let htmlMarkup = ["<br", "<div", "</div>", "<p>", "</p>", "<BR", "<DIV"].map { Array($0.utf8) }

    /// The marks as bytes, each with whether it is a headline.
    static let markBytes: [(bytes: [UInt8], headline: Bool, dump: Bool)] = marks.map { m in (Array(m.utf8), headlines.contains(m), dumpMarks.contains(m)) }
    /// The bytes a mark begins with: a word starting otherwise is looked up no further.
    static let firstBytes = Set((marks + ["CPU: "]).compactMap { $0.utf8.first })

    /// The offsets the line is cut at (each piece runs to the next), or nil when it is no
    /// flattened report. `from`: where the message starts.
    static func cuts(_ line: UnsafeRawBufferPointer, from: Int) -> [Int]? {
        guard line.count - from > GluedRecords.longLine else { return nil }
        // A mail's HTML alternative repeats its text part, markup and all: not a paste of its own.
        if htmlMarkup.contains(where: { ByteText.contains(line, $0) }) { return nil }
        var cuts: [Int] = []
        var frames = 0
        var headline = false
        var dump = false
        // The headline names its function as a frame (`… in f+0x159/0x200 [mod]`): no cut there.
        var inHeadline = false
        var i = from
        var previousWordStart = -1
        while i < line.count {
            // At a word's start.
            while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            guard i < line.count else { break }
            let word = i
            if !firstBytes.contains(line[word]) {
            } else if let mark = markBytes.first(where: { ByteText.hasPrefix(UnsafeRawBufferPointer(rebasing: line[word...]), $0.bytes) }) {
                if word > from { cuts.append(word) }
                if mark.headline { headline = true }
                if mark.dump { dump = true }
                inHeadline = mark.headline
                // `CPU: 6 UID: 0 PID: …` only as a task line's start (a digit follows).
            } else if ByteText.hasPrefix(UnsafeRawBufferPointer(rebasing: line[word...]), "CPU: "),
                      word + 5 < line.count, line[word + 5] &- 0x30 < 10 {
                if word > from { cuts.append(word) }
                dump = true
                inHeadline = false
            }
            while i < line.count, line[i] != 0x20 && line[i] != 0x09 { i += 1 }
            if isFrame(UnsafeRawBufferPointer(rebasing: line[word..<i])) {
                frames += 1
                // `? sym+0x…`: the mark goes with its frame.
                let start = previousWordStart >= 0 && previousWordStart + 2 == word && line[previousWordStart] == UInt8(ascii: "?")
                    ? previousWordStart : word
                if start > from, cuts.last != start, !inHeadline { cuts.append(start) }
            }
            previousWordStart = word
        }
        guard headline, dump, frames >= minFrames else { return nil }
        return cuts
    }

    /// `sym+0x1f/0x40` (a dotted or `$` suffix allowed).
    private static func isFrame(_ w: UnsafeRawBufferPointer) -> Bool {
        guard let plus = w.firstIndex(of: UInt8(ascii: "+")), plus > 0, ByteText.isLetter(w[0]) || w[0] == UInt8(ascii: "_"),
              plus + 3 < w.count, w[plus + 1] == UInt8(ascii: "0"), w[plus + 2] == UInt8(ascii: "x"),
              let slash = w.firstIndex(of: UInt8(ascii: "/")), slash > plus + 3 else { return false }
        return slash + 2 < w.count && w[slash + 1] == UInt8(ascii: "0") && w[slash + 2] == UInt8(ascii: "x")
    }
}
