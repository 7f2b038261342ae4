/// Undoes Markdown's escaped underscore: a log pasted into a Markdown page (a wiki, a blog, a
/// bug tracker's editor) comes back with `nvme\_kthread+0x84/0x1f8`. The kernel prints no
/// backslash before an underscore, so `\_` is always the page's, and a symbol reads again.
enum MarkdownEscapes {
    /// The line with every `\_` made `_`, or nil when it has none.
    static func unescape(_ line: UnsafeRawBufferPointer) -> [UInt8]? {
        let backslash = UInt8(ascii: "\\"), underscore = UInt8(ascii: "_")
        guard var k = ByteText.firstIndex(of: backslash, in: line, from: 0) else { return nil }
        var out: [UInt8]? = nil
        var copied = 0
        while true {
            if k + 1 < line.count, line[k + 1] == underscore {
                if out == nil { out = []; out!.reserveCapacity(line.count) }
                out! += line[copied..<k]
                copied = k + 1
            }
            guard let next = ByteText.firstIndex(of: backslash, in: line, from: k + 1) else { break }
            k = next
        }
        guard var result = out else { return nil }
        result += line[copied...]
        return result
    }
}
