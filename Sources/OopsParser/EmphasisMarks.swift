/// Undoes a mail client's bold: rich text sent as plain text marks a bold span `*…*` (Gmail,
/// Outlook) or `**…**` (Markdown), and reporters bold the line that matters
/// (`*RIP: 0010:iommu_get_dma_domain*+0x10/0x20`). Only a span that opens the message counts:
/// the opening run is followed by a letter, the closing run (as long) follows a non-blank and
/// is followed by no letter or digit — so x86's `*pdpt = … *pde = …` walk and lockdep's
/// `*** DEADLOCK ***` are left alone.
enum EmphasisMarks {
    /// The line without the span's marks, or nil when its message opens no bold span.
    static func strip(_ line: UnsafeRawBufferPointer, messageStart: Int) -> [UInt8]? {
        let star = UInt8(ascii: "*")
        var i = messageStart
        guard i < line.count, line[i] == star else { return nil }
        let open = i
        while i < line.count, line[i] == star { i += 1 }
        let run = i - open
        guard run <= 2, i < line.count, ByteText.isLetter(line[i]) else { return nil }
        var j = i + 1
        while j < line.count {
            guard let k = ByteText.firstIndex(of: star, in: line, from: j) else { return nil }
            var end = k
            while end < line.count, line[end] == star { end += 1 }
            let after = end < line.count ? line[end] : 0x20
            if end - k == run, line[k - 1] != 0x20, line[k - 1] != 0x09,
               !ByteText.isLetter(after), after &- 0x30 >= 10 {
                return Array(line[..<open]) + Array(line[i..<k]) + Array(line[end...])
            }
            j = end
        }
        return nil
    }
}
