/// oopsy's own prose marks code with backticks (``ldr x0, [x26, #0x38]``, as a Markdown code
/// span): each printer shows the marked parts its own way, and none prints a backtick as such.
/// Text from a log inside a sentence that holds a stray backtick leaves the count odd: then the
/// sentence is prose throughout.
public enum InlineCode {
    /// The sentence's parts in order, each prose or code; one prose part when nothing is marked
    /// or the marks do not pair.
    public static func parts(_ s: String) -> [(text: Substring, isCode: Bool)] {
        let pieces = s.split(separator: "`", omittingEmptySubsequences: false)
        guard pieces.count >= 3, pieces.count % 2 == 1 else { return [(s[...], false)] }
        return pieces.enumerated().map { ($1, $0 % 2 == 1) }
    }

    /// For a terminal or a plain-text mail: code between single quotes.
    public static func plain(_ s: String) -> String {
        parts(s).map { $0.isCode ? "'" + $0.text + "'" : String($0.text) }.joined()
    }
}
