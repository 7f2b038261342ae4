import Foundation

/// The kernel logs pstore kept across a crash (`/sys/fs/pstore`, or a folder systemd-pstore
/// filled under `/var/lib/systemd/pstore/`): each kmsg dump is cut into parts, one file each,
/// every part opening with its header (`Oops#1 Part1`, `Panic#2 Part3`). Part 1 holds the
/// newest text (the end of the log), so the log reads from the highest part down.
public enum Pstore {
    /// One dump: its reason and count as the header names them, and its parts' files.
    public struct Record: Sendable {
        public let reason: String
        public let count: Int
        /// Part number and path, highest part (the oldest text) first.
        public let parts: [(part: Int, path: String)]
        /// `Oops#1`, as the header names the dump.
        public var name: String { "\(reason)#\(count)" }
    }

    /// The dumps of `folder`, oldest count first; nil when it holds no readable `dmesg-*`
    /// record (then it is not a pstore folder). Compressed records (`.enc.z`) are left out:
    /// the kernel failed to decompress them.
    public static func records(inFolder folder: String) -> [Record]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        var parts: [String: (reason: String, count: Int, parts: [(Int, String)])] = [:]
        for name in names.sorted() where name.hasPrefix("dmesg-") && !name.hasSuffix(".enc.z") {
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            guard let header = firstLine(of: path), let h = parseHeader(header) else { continue }
            let key = "\(h.reason)#\(h.count)"
            var entry = parts[key] ?? (h.reason, h.count, [])
            entry.parts.append((h.part, path))
            parts[key] = entry
        }
        guard !parts.isEmpty else { return nil }
        return parts.values.map { Record(reason: $0.reason, count: $0.count, parts: $0.parts.sorted { $0.0 > $1.0 }.map { (part: $0.0, path: $0.1) }) }
            .sorted { ($0.count, $0.reason) < ($1.count, $1.reason) }
    }

    /// The dump's log: its parts from the highest down, each without its header line.
    public static func text(of record: Record) throws -> [UInt8] {
        try text(ofParts: record.parts.map(\.path))
    }

    /// A dump's log from its parts' files, in the order given (highest part first).
    public static func text(ofParts paths: [String]) throws -> [UInt8] {
        var out: [UInt8] = []
        for path in paths {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            let body = bytes.firstIndex(of: 0x0A).map { bytes[($0 + 1)...] } ?? []
            out += body
            if let last = out.last, last != 0x0A { out.append(0x0A) }
        }
        return out
    }

    /// `Oops#1 Part2` → ("Oops", 1, 2).
    static func parseHeader(_ line: String) -> (reason: String, count: Int, part: Int)? {
        let words = line.split(separator: " ")
        guard words.count == 2, words[1].hasPrefix("Part"), let part = Int(words[1].dropFirst(4)),
              let hash = words[0].firstIndex(of: "#"), let count = Int(words[0][words[0].index(after: hash)...]) else { return nil }
        let reason = String(words[0][..<hash])
        guard !reason.isEmpty, reason.allSatisfy(\.isLetter) else { return nil }
        return (reason, count, part)
    }

    private static func firstLine(of path: String) -> String? {
        guard let h = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? h.close() }
        let head = (try? h.read(upToCount: 64)) ?? Data()
        return String(decoding: head.prefix { $0 != 0x0A }, as: UTF8.self)
    }
}
