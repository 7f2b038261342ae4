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
