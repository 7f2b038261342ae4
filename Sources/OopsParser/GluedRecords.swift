/// Finds a console record glued into the middle of a line: a printk timestamp after the line's
/// prefix (`… ret_from_fork+0x10/0x20 [ 2052.051858][ T1668] el0_svc+0x28/0x98`). Logs lose
/// their newlines when pasted through web forms (a whole report on one line), mail clients that
/// re-wrap a quoted log glue the start of the next record onto a wrapped piece, and two CPUs
/// printing at once glue one's record onto the other's unfinished line (`=====[  153.51] UBSAN:`).
enum GluedRecords {
    /// Lines longer than this are searched even outside a report: a record is rarely longer,
    /// and a log that lost its newlines is all long lines.
    static let longLine = 200
    /// How far into an unstamped line a stamp is looked for: a prompt or a cut-off status line
    /// before the kernel's record is short.
    static let promptLength = 48

    /// The offset of the first glued record's `[` at or after `from`, or nil. The stamp must
    /// have printk's six-digit fraction (`[  243.214810]`), so a bracketed number in a message
    /// (`[1.0]`, `[sda]`) is not one.
    static func find(in line: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = max(from, 1)
        let n = line.count
        while i < n - 9 {
            guard let open = ByteText.firstIndex(of: UInt8(ascii: "["), in: line, from: i) else { return nil }
            i = open + 1
            if isStamp(line, open) { return open }
        }
        return nil
    }

    /// `[`, blanks, digits, `.`, six digits, `]` at `at`.
    static func isStamp(_ l: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        let n = l.count
        var i = at + 1
        while i < n && l[i] == 0x20 { i += 1 }
        let digits = i
        while i < n && l[i] &- 0x30 < 10 { i += 1 }
        guard i > digits, i < n, l[i] == UInt8(ascii: ".") else { return false }
        i += 1
        let fraction = i
        while i < n && l[i] &- 0x30 < 10 { i += 1 }
        return i - fraction == 6 && i < n && l[i] == UInt8(ascii: "]")
    }
}
