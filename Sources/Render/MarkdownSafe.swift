/// Puts text from a log into Markdown so it cannot act: no HTML, no emphasis or links, no
/// `@mention` that pings anyone, no `#123` that links an issue, no fence it can break out of,
/// no terminal escape.
public enum MarkdownSafe {
    /// Prose: the punctuation that can start markup mid-line backslash-escaped (emphasis,
    /// code, links, tables, strikethrough), `<>&` as entities, `@` and `#` kept from forming
    /// mentions and references (a zero-width space after them), control bytes shown. Our own
    /// prose never puts log text at the start of a line, where `-`, `+`, `1.` would matter.
    public static func text(_ s: String) -> String {
        var out = ""
        for ch in TerminalSafe.escape(s) {
            switch ch {
            case "\\", "`", "*", "_", "[", "]", "|", "~":
                out.append("\\"); out.append(ch)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "@", "#": out.append(ch); out.append("\u{200B}")
            default: out.append(ch)
            }
        }
        return out
    }

    /// An inline code span: delimited by one backtick more than the longest run inside, with
    /// padding when the text starts or ends with a backtick.
    public static func code(_ s: String) -> String {
        let safe = TerminalSafe.escape(s).replacingAll(character: "\n", with: " ")
        let fence = String(repeating: "`", count: longestRun(of: "`", in: safe) + 1)
        let pad = safe.hasPrefix("`") || safe.hasSuffix("`") ? " " : ""
        return fence + pad + safe + pad + fence
    }

    /// A fenced block: a fence longer than any backtick run in the content (at least 3).
    public static func block(_ s: String, info: String = "text") -> String {
        let safe = TerminalSafe.escape(s, keepNewlines: true)
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: safe) + 1))
        return fence + info + "\n" + safe + (safe.hasSuffix("\n") ? "" : "\n") + fence + "\n"
    }

    /// A table cell: prose escaping, and no line breaks.
    public static func cell(_ s: String) -> String { text(s.replacingAll(character: "\n", with: " ")) }

    /// A table cell of oopsy's own prose that marks code with backticks (an evidence row's
    /// `ldr x0, [x26, #0x38]`): the marked parts become code spans, the rest prose, each made
    /// safe on its own, so text from the log that holds a backtick can only mispair them.
    /// `|` is escaped inside the spans too, as GFM tables require.
    public static func cellWithCode(_ s: String) -> String {
        InlineCode.parts(s.replacingAll(character: "\n", with: " ")).map { part in
            part.isCode ? code(String(part.text)).replacingAll(character: "|", with: "\\|") : text(String(part.text))
        }.joined()
    }

    /// oopsy's own prose that marks code with backticks (a summary, a fix): the marked parts as
    /// code spans, the rest as ``text(_:)``; a sentence whose marks do not pair is prose.
    public static func textWithCode(_ s: String) -> String {
        InlineCode.parts(s).map { $0.isCode ? code(String($0.text)) : text(String($0.text)) }.joined()
    }

    static func longestRun(of c: Character, in s: String) -> Int {
        var best = 0, run = 0
        for ch in s {
            if ch == c { run += 1; best = max(best, run) } else { run = 0 }
        }
        return best
    }
}

extension String {
    func replacingAll(character a: Character, with b: String) -> String {
        var out = ""
        for ch in self { if ch == a { out += b } else { out.append(ch) } }
        return out
    }
}
