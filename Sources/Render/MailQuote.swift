/// A report's lines without the mail quoting they share: a log quoted in a reply (`> `,
/// `>>>>>> `, `> > `) is posted again as the kernel printed it, the replies' levels gone.
/// Only the marks every line has are removed, so a line quoted deeper than the rest keeps
/// the difference.
enum MailQuote {
    static func strip(_ lines: [String]) -> [String] {
        let depth = lines.lazy.filter { !$0.isEmpty }.map(Self.depth).min() ?? 0
        guard depth > 0 else { return lines }
        return lines.map { Self.drop(depth, from: $0) }
    }

    /// The `>` marks a line begins with (each may be followed by one blank).
    static func depth(_ line: String) -> Int {
        var n = 0
        var u = Substring(line).utf8[...]
        while u.first == UInt8(ascii: ">") {
            n += 1
            u = u.dropFirst()
            if u.first == 0x20 { u = u.dropFirst() }
        }
        return n
    }

    static func drop(_ depth: Int, from line: String) -> String {
        var u = Substring(line).utf8[...]
        for _ in 0..<depth {
            guard u.first == UInt8(ascii: ">") else { break }
            u = u.dropFirst()
            if u.first == 0x20 { u = u.dropFirst() }
        }
        return String(Substring(u))
    }
}
