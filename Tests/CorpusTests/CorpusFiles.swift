import Foundation

/// Where the corpus lives and what is in it: every `.log` under `Corpus/` with the
/// `.expected.json` beside it.
enum CorpusFiles {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Corpus")

    /// Paths relative to `Corpus/` of every log that has an expected file, sorted.
    static func logsWithExpectations() -> [String] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [String] = []
        for case let url as URL in walker where url.pathExtension == "log" {
            let expected = url.deletingPathExtension().appendingPathExtension("expected.json")
            if FileManager.default.fileExists(atPath: expected.path) {
                out.append(String(url.path.dropFirst(root.path.count + 1)))
            }
        }
        return out.sorted()
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent(relative)))
    }

    static func expected(_ relative: String) throws -> Any {
        let url = root.appendingPathComponent(relative).deletingPathExtension().appendingPathExtension("expected.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
}

/// Compares an expected JSON value (hand-checked, partial) with what oopsy computed: every
/// field the expectation names must be there with the same value; `null` means absent.
enum SubsetMatch {
    static func differences(expected: Any, actual: Any?, path: String = "") -> [String] {
        switch expected {
        case is NSNull:
            if let actual, !(actual is NSNull) { return ["\(path): expected absent, got \(short(actual))"] }
            return []
        case let e as [String: Any]:
            guard let a = actual as? [String: Any] else { return ["\(path): expected an object, got \(short(actual))"] }
            return e.keys.sorted().flatMap { differences(expected: e[$0]!, actual: a[$0], path: path + "." + $0) }
        case let e as [Any]:
            guard let a = actual as? [Any] else { return ["\(path): expected \(e.count) items, got \(short(actual))"] }
            var out: [String] = []
            if e.count != a.count { out.append("\(path): expected \(e.count) items, got \(a.count)") }
            for i in 0..<min(e.count, a.count) { out += differences(expected: e[i], actual: a[i], path: "\(path)[\(i)]") }
            return out
        default:
            guard let actual else { return ["\(path): expected \(short(expected)), got nothing"] }
            if "\(expected)" == "\(actual)" { return [] }
            if let en = expected as? NSNumber, let an = actual as? NSNumber, en == an { return [] }
            return ["\(path): expected \(short(expected)), got \(short(actual))"]
        }
    }

    static func short(_ v: Any?) -> String {
        guard let v else { return "nothing" }
        let s = "\(v)".replacingOccurrences(of: "\n", with: " ")
        return s.count > 80 ? String(s.prefix(77)) + "..." : s
    }
}
