/// Word wrapping for the text views, counting columns as a terminal shows them.
public enum TextWrap {
    /// `value` cut at spaces into lines of at most `room` visible columns (a word longer than
    /// that gets a line of its own); lines after the first start with `hanging` spaces.
    public static func lines(_ value: String, room: Int, hanging: Int = 0) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        var lineHasWord = false
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let w = visibleWidth(word)
            if lineHasWord && currentWidth + 1 + w > room {
                lines.append(current)
                current = String(repeating: " ", count: hanging)
                currentWidth = hanging
                lineHasWord = false
            }
            if lineHasWord { current += " "; currentWidth += 1 }
            current += word
            currentWidth += w
            lineHasWord = true
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// `fields` joined by `separator` into lines of at most `room` columns, breaking only
    /// between fields ("CPU 0" stays on one line); a field wider than the room is word-wrapped.
    public static func lines(fields: [String], separator: String = " · ", room: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        let sepWidth = visibleWidth(Substring(separator))
        for field in fields {
            let w = visibleWidth(Substring(field))
            if !current.isEmpty && currentWidth + sepWidth + w <= room {
                current += separator + field
                currentWidth += sepWidth + w
                continue
            }
            if !current.isEmpty { lines.append(current) }
            if w <= room {
                current = field
                currentWidth = w
            } else {
                var pieces = Self.lines(field, room: room)
                current = pieces.removeLast()
                currentWidth = visibleWidth(Substring(current))
                lines += pieces
            }
        }
        if !current.isEmpty || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Columns a string takes, ignoring ANSI colour sequences (which only we emit).
    public static func visibleWidth(_ s: Substring) -> Int {
        var n = 0
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape { if u == "m" { inEscape = false }; continue }
            if u == "\u{1B}" { inEscape = true; continue }
            n += 1
        }
        return n
    }
}
