/// Makes text from a log safe to print: every C0/C1 control character except tab (and, where
/// asked, newline) is shown escaped (`\x1b`), never emitted, so no escape sequence in a log can
/// move the cursor, retitle a window or clear a screen.
public enum TerminalSafe {
    public static func escape(_ text: String, keepNewlines: Bool = false) -> String {
        var needs = false
        for u in text.unicodeScalars where isControl(u, keepNewlines: keepNewlines) { needs = true; break }
        guard needs else { return text }
        var out = String.UnicodeScalarView()
        for u in text.unicodeScalars {
            if isControl(u, keepNewlines: keepNewlines) {
                let hex = String(u.value, radix: 16)
                let s = u.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
                out.append(contentsOf: s.unicodeScalars)
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    @inline(__always)
    static func isControl(_ u: Unicode.Scalar, keepNewlines: Bool) -> Bool {
        let v = u.value
        if v == 0x09 { return false }
        if v == 0x0A { return !keepNewlines }
        // C0, DEL, C1; plus the bidi overrides and isolates that can reorder what is shown.
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
    }
}
