import Foundation
import Oopsy

/// Logs mangled as they really get mangled, and what must survive (issue 15 item 7). A
/// lossless transform (quoting, a journal's or a vendor's prefixes, CRLF, quoted-printable,
/// another CPU interleaved under caller ids) must give the same records; a lossy one (a mail
/// client's wrapping, a cut) may lose fields and confidence but never gain a wrong field, a
/// different cause or a higher confidence. Used by the test suite over the corpus and by the
/// fuzzer on every input.
public enum Metamorphic {
    public enum Transform: CaseIterable, CustomStringConvertible, Sendable {
        case quoted(Int)
        case syslog
        case callerIDs
        case pipeColumn
        case vendorHead
        case viewerColumns
        case crlf
        case quotedPrintable
        case interleaved
        case wrapped(Int)
        case cut(Int)

        public static var allCases: [Transform] {
            (1...6).map { .quoted($0) } + [.syslog, .callerIDs, .pipeColumn, .vendorHead, .viewerColumns, .crlf, .quotedPrintable, .interleaved,
                                          .wrapped(72), .wrapped(76), .wrapped(78), .cut(7), .cut(13), .cut(29)]
        }

        public var lossless: Bool {
            switch self {
            case .wrapped, .cut: return false
            default: return true
            }
        }

        public var description: String {
            switch self {
            case .quoted(let d): return "quoted at depth \(d)"
            case .syslog: return "journal prefix"
            case .callerIDs: return "printk caller ids"
            case .pipeColumn: return "'| ' column"
            case .vendorHead: return "a vendor's bracket after the stamp"
            case .viewerColumns: return "a log viewer's columns"
            case .crlf: return "CRLF"
            case .quotedPrintable: return "quoted-printable"
            case .interleaved: return "interleaved with another CPU"
            case .wrapped(let w): return "mail-wrapped at \(w)"
            case .cut(let seed): return "cut (seed \(seed))"
            }
        }

        /// The log as the transform leaves it.
        public func apply(_ text: String) -> String {
            // Lines by unicode scalars (a Character joins `\r\n` into one, which `\n` would not
            // split), trailing CRs dropped, each cut at a lone CR into the pieces oopsy reads
            // (sharing the line's number). A per-line prefix goes before each piece, as a
            // client that normalised the CR to a line break writes it; the CR stays, so line
            // numbers stay too.
            let split: [[String]] = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { (raw: Substring.UnicodeScalarView) -> [String] in
                var line = raw
                while line.last == "\r" { line = line.dropLast() }
                let pieces = line.split(separator: "\r")
                return pieces.isEmpty ? [""] : pieces.map { String(String.UnicodeScalarView($0)) }
            }
            let lines = split.map { $0.joined(separator: "\r") }
            let eachPiece = { (f: (String) -> String) -> String in
                split.map { $0.map(f).joined(separator: "\r") }.joined(separator: "\n")
            }
            switch self {
            case .quoted(let d):
                return eachPiece { $0.isEmpty ? String(repeating: ">", count: d) : String(repeating: "> ", count: d) + $0 }
            case .syslog:
                return eachPiece { $0.isEmpty ? $0 : "Dec  6 18:23:42 buildhost kernel: " + $0 }
            case .callerIDs:
                return eachPiece { Metamorphic.addCaller($0, "T1234") }
            case .pipeColumn:
                return eachPiece { "| " + $0 }
            case .vendorHead:
                // A format no rule of oopsy knows (it must be learned): CPU, comm and pid, the
                // CPU varying as a console's does.
                var k = 0
                return eachPiece { k += 1; return Metamorphic.addHead($0, "[\(k % 4):  kworker/u8:2:  345] ") }
            case .viewerColumns:
                return eachPiece { $0.isEmpty ? $0 : "board-3 | kern | " + $0 }
            case .crlf:
                return lines.joined(separator: "\r\n")
            case .quotedPrintable:
                return lines.flatMap(Metamorphic.quotedPrintable).joined(separator: "\n")
            case .interleaved:
                var out: [String] = []
                for (i, l) in lines.enumerated() {
                    out.append(Metamorphic.addCaller(l, "T1234"))
                    if i % 3 == 2, let stamp = Metamorphic.stamp(of: l) {
                        out.append(stamp + "[   T99] random: crng reseeded on system resumption")
                    }
                }
                return out.joined(separator: "\n")
            case .wrapped(let width):
                return lines.flatMap { Metamorphic.wrap($0, width) }.joined(separator: "\n")
            case .cut(let seed):
                guard lines.count > 4 else { return text }
                let at = 2 + (seed * 7919 + lines.count * 31) % (lines.count - 2)
                return lines.prefix(at).joined(separator: "\n")
            }
        }
    }

    /// What a record must keep through a lossless transform.
    public struct Facts: Equatable, CustomStringConvertible, Sendable {
        public var title: String
        public var kind: String
        public var pc: String?
        public var address: String?
        public var esr: String?
        public var kernel: String?
        public var cause: String?
        public var confidence: Double?
        public var frames: Int
        /// Every cause the diagnosis weighed, with its confidence.
        public var causes: [String: Double]

        public init(_ r: Report) {
            title = r.title
            kind = r.kind.rawValue
            pc = r.pc?.printed
            address = r.fault?.address?.description
            esr = (r.fault?.esr ?? r.oops?.esr)?.description
            kernel = r.context?.kernel
            cause = r.diagnoses.first?.cause
            confidence = r.diagnoses.first?.confidence
            frames = r.trace.count
            causes = Dictionary(r.diagnoses.map { ($0.cause, $0.confidence) }, uniquingKeysWith: max)
        }

        public var description: String {
            "\(title) | \(kind) | pc \(pc ?? "-") | at \(address ?? "-") | esr \(esr ?? "-") | \(kernel ?? "-") | \(cause ?? "-") \(confidence.map { String($0) } ?? "") | \(frames) frames"
        }
    }

    /// What broke between the records of a log and of its transform; empty when nothing did.
    public static func violations(original: [Report], transformed: [Report], by t: Transform) -> [String] {
        let a = original.map(Facts.init), b = transformed.map(Facts.init)
        if t.lossless {
            guard a.count == b.count else { return ["\(t): \(a.count) reports became \(b.count)"] }
            return zip(a, b).enumerated().compactMap { i, p in
                p.0 == p.1 ? nil : "\(t): report \(i + 1)\n    was \(p.0)\n    now \(p.1)"
            }
        }
        // Lossy: each record pairs with the original it came from (same kind, same start of
        // title or pc); what it keeps must be what the original had.
        // A cut keeps the line numbers: a record pairs with the one that began on its line. A
        // record that lost the lines naming its kind (`unknown`) pairs with any kind.
        var out: [String] = []
        var from = 0
        for (j, f) in b.enumerated() {
            let sameKind = { (o: Facts) in o.kind == f.kind || f.kind == "unknown" }
            let byLine: Int? = if case .cut = t { a[from...].indices.first { original[$0].lines.first == transformed[j].lines.first } } else { nil }
            guard let i = byLine
                    ?? a[from...].firstIndex(where: { sameKind($0) && ($0.title == f.title || ($0.pc != nil && $0.pc == f.pc)) })
                    ?? a[from...].firstIndex(where: sameKind) else {
                out.append("\(t): report \(j + 1) has no original (\(f))")
                continue
            }
            from = i + 1
            let o = a[i]
            var wrong: [String] = []
            // A wrap may cut the module tag off the pc line; the symbol and offset must stay.
            if let v = f.pc, let w = o.pc, !w.hasPrefix(v) { wrong.append("pc \(v) for \(w)") }
            if let v = f.address, let w = o.address, v != w { wrong.append("address \(v) for \(w)") }
            if let v = f.esr, let w = o.esr, v != w { wrong.append("esr \(v) for \(w)") }
            if let v = f.kernel, let w = o.kernel, v != w { wrong.append("kernel \(v) for \(w)") }
            // A lost fact may leave a less specific cause on top, one the original also
            // weighed; never a cause it did not consider, nor more confidence than it gave.
            if let v = f.cause {
                if let was = o.causes[v] {
                    if let c = f.confidence, c > was + 1e-9 { wrong.append("\(v) at \(c), above its \(was)") }
                } else {
                    wrong.append("cause \(v) for \(o.cause ?? "none")")
                }
            }
            if !wrong.isEmpty { out.append("\(t): report \(j + 1) (\(f.title)): " + wrong.joined(separator: ", ")) }
        }
        return out
    }

    /// A console as the kernel wrote it: `percent` (95) of its non-empty lines start with a printk
    /// stamp (or a journal's prefix before one) and none is quoted. Only such a log is mangled:
    /// a log already quoted or wrapped, mangled again, is not a shape logs arrive in.
    public static func isCleanConsole(_ text: String, percent: Int = 95) -> Bool {
        var lines = 0, stamped = 0
        // By bytes: a Character joins `\r\n` into one, which `\n` would not split.
        for bytes in text.utf8.split(separator: UInt8(ascii: "\n")) {
            let line = String(decoding: bytes.prefix(40), as: UTF8.self)
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }  // `#`: the corpus's source header
            lines += 1
            if line.hasPrefix(">") || line.hasPrefix("|") { return false }
            if stamp(of: line) != nil { stamped += 1 }
        }
        return lines > 0 && stamped * 100 >= lines * percent
    }

    // MARK: the transforms' pieces

    /// A printk stamp at the line's start (`[  12.345678]`), if any.
    static func stamp(of line: String) -> String? {
        guard line.first == "[", let close = line.firstIndex(of: "]") else { return nil }
        let inner = line[line.index(after: line.startIndex)..<close]
        guard inner.contains("."), inner.allSatisfy({ $0 == " " || $0 == "." || $0.isNumber }) else { return nil }
        return String(line[...close])
    }

    /// `[  12.3] msg` → `[  12.3][ T1234] msg`; lines without a stamp stay as they are.
    static func addCaller(_ line: String, _ caller: String) -> String {
        guard let s = stamp(of: line) else { return line }
        return s + "[" + String(repeating: " ", count: max(0, 6 - caller.count)) + caller + "]" + line.dropFirst(s.count)
    }

    /// `[  12.3] msg` → `[  12.3] head msg`; lines without a stamp stay as they are.
    static func addHead(_ line: String, _ head: String) -> String {
        guard let s = stamp(of: line) else { return line }
        let rest = line.dropFirst(s.count)
        return s + " " + head + (rest.first == " " ? rest.dropFirst() : rest)
    }

    /// One line as a quoted-printable body carries it: `=` and non-ASCII escaped, soft breaks
    /// (`=` at the end) so that no encoded line exceeds 76 characters.
    static func quotedPrintable(_ line: String) -> [String] {
        var encoded = ""
        for b in line.utf8 {
            if b == UInt8(ascii: "=") || b >= 0x80 || (b < 0x20 && b != 0x09) {
                encoded += "=" + String(format: "%02X", b)
            } else {
                encoded += String(UnicodeScalar(b))
            }
        }
        var out: [String] = []
        var rest = Substring(encoded)
        while rest.count > 76 {
            var cut = rest.index(rest.startIndex, offsetBy: 75)
            // Never split an escape.
            if let eq = rest[rest.index(cut, offsetBy: -2)..<cut].lastIndex(of: "=") { cut = eq }
            out.append(rest[..<cut] + "=")
            rest = rest[cut...]
        }
        out.append(String(rest))
        return out
    }

    /// A mail client's wrapping: at the last blank before `width`, pieces on lines of their own.
    static func wrap(_ line: String, _ width: Int) -> [String] {
        var out: [String] = []
        var rest = Substring(line)
        while rest.count > width {
            let window = rest.prefix(width)
            guard let blank = window.lastIndex(of: " "), blank > rest.startIndex else { break }
            out.append(String(rest[..<blank]))
            rest = rest[rest.index(after: blank)...]
        }
        out.append(String(rest))
        return out
    }
}
