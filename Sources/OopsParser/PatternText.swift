/// `Pattern` on `String`s, for the per-report work (titles, signatures) that runs once a report
/// has ended. The per-line paths match bytes directly and never come through here.
extension Pattern {
    /// The captures of the first match in `text` (index 0 is the whole match; an unset group
    /// is nil), or nil when the pattern does not match.
    public func captures(in text: String, scratch: MatchScratch) -> [String?]? {
        var text = text
        return text.withUTF8 { u in
            let bytes = UnsafeRawBufferPointer(u)
            if let r = required, !ByteText.contains(bytes, r.bytes, anchor: r.anchor) { return nil }
            guard matches(bytes, in: scratch) else { return nil }
            return (0...captureCount).map { scratch.string($0, in: bytes) }
        }
    }

    public func matches(_ text: String, scratch: MatchScratch) -> Bool {
        var text = text
        return text.withUTF8 { u in
            let bytes = UnsafeRawBufferPointer(u)
            if let r = required, !ByteText.contains(bytes, r.bytes, anchor: r.anchor) { return false }
            return matches(bytes, in: scratch)
        }
    }

    /// `text` with every match replaced by `template`, where `$1`…`$9` stand for captures.
    /// Replacement repeats until the text no longer changes (overlapping matches such as the
    /// numbers of `0,1,2` need several passes), at most `rounds` times.
    public func replacingAll(in text: String, with template: String, scratch: MatchScratch, rounds: Int = 8) -> String {
        var current = text
        for _ in 0..<rounds {
            let next = replaceOnce(current, template, scratch)
            if next == current { break }
            current = next
        }
        return current
    }

    private func replaceOnce(_ text: String, _ template: String, _ scratch: MatchScratch) -> String {
        var text = text
        return text.withUTF8 { u -> String in
            let bytes = UnsafeRawBufferPointer(u)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var at = 0
            var copied = 0
            while at <= bytes.count, matches(bytes, from: at, in: scratch), let whole = scratch.range(0) {
                out.append(contentsOf: bytes[copied..<whole.lowerBound])
                Self.expand(template, bytes, scratch, into: &out)
                copied = whole.upperBound
                at = whole.isEmpty ? whole.upperBound + 1 : whole.upperBound
            }
            if copied == 0 && out.isEmpty { return String(decoding: bytes, as: UTF8.self) }
            out.append(contentsOf: bytes[copied...])
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func expand(_ template: String, _ bytes: UnsafeRawBufferPointer, _ scratch: MatchScratch,
                               into out: inout [UInt8]) {
        var t = template.utf8.makeIterator()
        while let c = t.next() {
            guard c == UInt8(ascii: "$") else { out.append(c); continue }
            guard let d = t.next() else { out.append(c); break }
            if d >= UInt8(ascii: "0") && d <= UInt8(ascii: "9") {
                if let r = scratch.range(Int(d - UInt8(ascii: "0"))) { out.append(contentsOf: bytes[r]) }
            } else {
                out.append(c)
                out.append(d)
            }
        }
    }
}
