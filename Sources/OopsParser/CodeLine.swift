import OopsCore

/// The `Code:` line: arm64/arm words (`d2800004 … (f9401f40)`), x86 bytes (`48 8b <48> 8b`), or
/// the kernel's reason for printing none (`Bad PC value`, `Unable to access instruction at …`).
enum CodeLine {
    static func parse(_ line: UnsafeRawBufferPointer, into b: ReportBuilder) {
        let text = ByteText.string(line)
        let body = text.dropFirst("Code:".count).trimmingCharacters(in: " \t")
        var words: [String] = []
        var faulting: Int? = nil
        for token in body.split(separator: " ", omittingEmptySubsequences: true) {
            var t = Substring(token)
            var marked = false
            if (t.hasPrefix("(") && t.hasSuffix(")")) || (t.hasPrefix("<") && t.hasSuffix(">")) {
                t = t.dropFirst().dropLast()
                marked = true
            }
            // Code units are bytes, halfwords or words: an even number of hex digits (`Bad PC
            // value` starts with the hex-looking word `Bad`).
            guard !t.isEmpty, t.count <= 16, t.count % 2 == 0, t.utf8.allSatisfy({ HexDigit.value(of: $0) != nil }) else {
                if words.isEmpty {
                    b.report.code = CodeWindow(words: [], faultingIndex: nil, unavailable: String(body))
                    return
                }
                break   // trailing text after the words (rare); keep what was read
            }
            if marked && faulting == nil { faulting = words.count }
            words.append(t.lowercased())
        }
        if words.isEmpty {
            b.report.code = CodeWindow(words: [], faultingIndex: nil, unavailable: body.isEmpty ? "empty Code: line" : String(body))
            return
        }
        b.report.code = CodeWindow(words: words, faultingIndex: faulting)
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `set` (Foundation-free).
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
