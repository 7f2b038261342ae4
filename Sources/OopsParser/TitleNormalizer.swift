/// Makes a title stable across runs, machines and builds: what differs between two
/// occurrences of one bug (addresses, pids, line numbers, CPU numbers, offsets) is replaced by
/// a placeholder, as on syzbot's dashboards. Then the title is made one printable line.
enum TitleNormalizer {
    /// (pattern, replacement), applied in order, each until the title stops changing.
    static let replacements: [(Pattern, String)] = [
        // syzkaller's executor processes carry their instance number.
        (Pattern(#"syz-executor\.?[0-9]+(?:[/:][0-9]+)?"#), "syz-executor"),
        (Pattern(#"syzkaller[0-9]+(?:[/:][0-9]+)?"#), "syzkaller"),
        // Anything that looks like an address.
        (Pattern(#"([^a-zA-Z0-9])(?:0x)?[0-9a-f]{6,}"#), "$1ADDR"),
        (Pattern(#"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}"#), "IP"),
        // `file.c:123` → `file.c:LINE`.
        (Pattern(#"(\.\w+)(?::[0-9]+)+"#), "$1:LINE"),
        // `func+0x1052/0x2d80` → `func`: offsets and sizes change with every build.
        (Pattern(#"([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+"#), "$1"),
        (Pattern(#"CPU#[0-9]+"#), "CPU"),
        // Remaining decimal numbers that stand alone (not part of a name like cfg80211).
        (Pattern(#"(\W)(\d+)(\W|$)"#), "$1NUM$3"),
        // Long digit runs inside names are ids, not names.
        (Pattern(#"\d{7,}"#), "NUM"),
    ]

    /// Corrupted or interleaved lines can be very long.
    static let maxLength = 120

    static func normalize(_ title: String, scratch: MatchScratch) -> String {
        var t = title
        for (p, r) in replacements { t = p.replacingAll(in: t, with: r, scratch: scratch) }
        return printable(t)
    }

    /// One line of printable ASCII, single spaces, at most ``maxLength`` bytes.
    static func printable(_ text: String) -> String {
        var out: [UInt8] = []
        var previous = UInt8(ascii: " ")
        for (i, var c) in text.utf8.enumerated() where i < maxLength {
            if c == UInt8(ascii: "\t") { c = UInt8(ascii: " ") }
            if c < 0x20 || c >= 0x7f { continue }
            if c == UInt8(ascii: " ") && previous == UInt8(ascii: " ") { continue }
            out.append(c)
            previous = c
        }
        while out.last == UInt8(ascii: " ") { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
