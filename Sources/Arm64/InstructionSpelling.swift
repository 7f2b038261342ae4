/// Compares two disassemblers' text for the same instruction, ignoring how each spells it:
/// decimal vs hex immediates, `#` prefixes, whitespace, objdump's `<symbol>` and `//` comments,
/// and the aliases Capstone and binutils choose differently (table below).
public enum InstructionSpelling {
    /// The architecture's two names of one condition (HS is CS, LO is CC): Capstone prints
    /// `b.lo`, binutils `b.cc  // b.lo, b.ul, b.last`. As a branch and as an operand (`csel`).
    static let aliases: [String: String] = ["b.lo": "b.cc", "b.hs": "b.cs"]
    static let conditionAliases: [String: String] = ["lo": "cc", "hs": "cs"]

    public static func same(_ a: String, _ b: String) -> Bool {
        normalize(a) == normalize(b)
    }

    /// Lower case, comments dropped, immediates in hex, single spaces, aliases folded.
    public static func normalize(_ text: String) -> String {
        var t = text.lowercased()
        for marker in ["//", ";"] {
            if let c = t.indices.first(where: { t[$0...].hasPrefix(marker) }) { t = String(t[..<c]) }
        }
        if let lt = t.firstIndex(of: "<") { t = String(t[..<lt]) }
        t = t.replacingAll("\t", " ")
        var tokens = t.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !tokens.isEmpty else { return "" }
        tokens[0] = aliases[tokens[0]] ?? tokens[0]
        for i in tokens.indices.dropFirst() { tokens[i] = conditionAliases[tokens[i]] ?? tokens[i] }
        // `orr x2, xzr, #imm` is `mov x2, #imm` (MOV, bitmask immediate): binutils prints the
        // alias, Capstone 4 the base form.
        if tokens.count == 4, tokens[0] == "orr", tokens[2] == "xzr" || tokens[2] == "wzr", tokens[3].hasPrefix("#") {
            tokens = ["mov", tokens[1], tokens[3]]
        }
        tokens = tokens.map(immediate)
        return tokens.joined(separator: " ")
    }

    /// `#56` / `#0x38` / `0x38` / `56` → `0x38`; other tokens unchanged (brackets kept apart).
    static func immediate(_ token: String) -> String {
        var core = Substring(token)
        var lead = ""
        var trail = ""
        while let f = core.first, f == "[" { lead.append(f); core = core.dropFirst() }
        while let l = core.last, l == "]" || l == "!" { trail = String(l) + trail; core = core.dropLast() }
        if core.hasPrefix("#") { core = core.dropFirst() }
        var negative = false
        if core.hasPrefix("-") { negative = true; core = core.dropFirst() }
        let value: UInt64?
        if core.hasPrefix("0x") { value = UInt64(core.dropFirst(2), radix: 16) } else { value = core.isEmpty ? nil : UInt64(core, radix: 10) }
        guard let value else { return token }
        return lead + (negative ? "-" : "") + "0x" + String(value, radix: 16) + trail
    }
}

extension String {
    func replacingAll(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}
