#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One input of a triage run: a file (plain or compressed) or standard input.
public struct TriageInput: Sendable, Hashable {
    /// How a file is compressed (by its extension), decompressed with the system's tool.
    public enum Compression: String, Sendable { case gzip, xz, zstd, bzip2 }

    /// The name reports carry as `source`: the path as the user gave it (joined with the
    /// walked folder's entries), or `<stdin>`.
    public let name: String
    public let path: String?
    public let compression: Compression?
    public let size: Int
    /// A pstore dump's parts (`dmesg-ramoops-1`, …), highest part first: read joined, as one
    /// log named `FOLDER [Oops#1]` (then `path` is nil).
    public var pstoreParts: [String]? = nil

    public static let stdin = TriageInput(name: "<stdin>", path: nil, compression: nil, size: 0)

    /// The whole content of a file, decompressed with the system's tool when its name says it
    /// is compressed (`oopsy merge` reads gzip'ed shards this way). Throws ``InputFailure``.
    public static func contents(ofFile path: String) throws -> Data {
        let source = SourceStream(TriageInput(name: path, path: path, compression: compression(of: path), size: 0))
        let (fd, head) = try source.open()
        defer { source.close() }
        let data = Data(head) + FileHandle(fileDescriptor: fd, closeOnDealloc: false).readDataToEndOfFile()
        if let failure = source.finish() { throw InputFailure(source: path, reason: failure) }
        return data
    }

    /// A file's format by its first bytes (nil when plain or unreadable).
    static func compression(ofContent path: String) -> Compression? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        return Compression.sniff(fileDescriptor: fd)
    }

    static func compression(of path: String) -> Compression? {
        if path.hasSuffix(".gz") { return .gzip }
        if path.hasSuffix(".xz") { return .xz }
        if path.hasSuffix(".zst") || path.hasSuffix(".zstd") { return .zstd }
        if path.hasSuffix(".bz2") { return .bzip2 }
        return nil
    }
}

/// Expands the command line's paths: files as given, folders walked recursively (entries
/// sorted, hidden files skipped), `-` for standard input. Paths that cannot be listed or
/// opened are failures, never dropped.
public enum InputWalker {
    /// With `jobs` > 1 a large folder's entries are looked at on that many threads (the walk
    /// comes before any input is read: run serially it was ~10 % of a two-job run over
    /// 100,000 small files). The result is the same whatever `jobs` is.
    public static func expand(_ paths: [String], jobs: Int = 1) -> (inputs: [TriageInput], failures: [InputFailure]) {
        var inputs: [TriageInput] = []
        var failures: [InputFailure] = []
        for p in paths {
            if p == "-" { inputs.append(.stdin); continue }
            walk(p, into: &inputs, failures: &failures, depth: 0, jobs: jobs)
        }
        return (inputs, failures)
    }

    /// Folders with fewer entries than this are walked on the calling thread.
    static let parallelEntries = 64

    static let notUTF8 = " (the file name is not valid UTF-8; rename it, or pipe it in with '-')"

    /// `path` is looked up relative to `parent` (an open folder, the entry's own name given as
    /// `name`) when there is one: one component for the kernel to resolve instead of the whole
    /// path, which was most of a 100,000-file walk's time.
    static func walk(_ path: String, into inputs: inout [TriageInput], failures: inout [InputFailure], depth: Int,
                     jobs: Int = 1, parent: Int32 = AT_FDCWD, name: String? = nil) {
        var st = stat()
        guard fstatat(parent, name ?? path, &st, 0) == 0 else {
            var reason = String(cString: strerror(errno))
            // The shell's bytes were not UTF-8: the String we got names another file.
            if errno == ENOENT && path.unicodeScalars.contains("\u{FFFD}") { reason += Self.notUTF8 }
            failures.append(InputFailure(source: path, reason: reason))
            return
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            guard depth < 64, let dir = opendir(path) else {
                failures.append(InputFailure(source: path, reason: depth >= 64 ? "folders nested too deep" : String(cString: strerror(errno))))
                return
            }
            var names: [String] = []
            let base = path.hasSuffix("/") ? path : path + "/"
            while let entry = readdir(dir) {
                let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
                if bytes.first == UInt8(ascii: ".") { continue }
                // Decoding would replace the bytes that are not UTF-8 and name another file:
                // such an entry is listed as unreadable, with those bytes shown as `\xNN`.
                guard let name = String(validating: bytes, as: UTF8.self) else {
                    let shown = bytes.map { $0 < 0x80 ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
                    failures.append(InputFailure(source: base + shown, reason: "cannot be opened by name" + notUTF8))
                    continue
                }
                names.append(name)
            }
            defer { closedir(dir) }
            let fd = dirfd(dir)
            names.sort()
            // A kdump crash folder: its log is read, its memory dump (gigabytes, not text) not.
            if KdumpFolder.logs(inFolder: path, names: names) != nil { names.removeAll(where: KdumpFolder.isDump) }
            // A pstore folder: each dump's parts joined, one input per dump (as analyze reads
            // it); compressed records the kernel could not decompress are left out with them.
            if names.contains(where: { $0.hasPrefix("dmesg-") }), let records = Pstore.records(inFolder: path) {
                var taken = Set<String>()
                for r in records {
                    inputs.append(TriageInput(name: "\(path) [\(r.name)]", path: nil, compression: nil, size: 0, pstoreParts: r.parts.map(\.path)))
                    for part in r.parts { taken.insert(String(part.path.split(separator: "/").last ?? "")) }
                }
                names.removeAll { taken.contains($0) || ($0.hasPrefix("dmesg-") && $0.hasSuffix(".enc.z")) }
            }
            guard jobs > 1, names.count >= parallelEntries else {
                for name in names { walk(base + name, into: &inputs, failures: &failures, depth: depth + 1, parent: fd, name: name) }
                return
            }
            // Contiguous slices, more of them than threads (folders differ in size), each
            // walked serially; joined in slice order, which is the serial walk's order.
            let slices = min(names.count, jobs * 8)
            let sorted = names
            let found = SliceResults(count: slices)
            DispatchQueue.concurrentPerform(iterations: slices) { k in
                var i: [TriageInput] = [], f: [InputFailure] = []
                for name in sorted[sorted.count * k / slices ..< sorted.count * (k + 1) / slices] {
                    walk(base + name, into: &i, failures: &f, depth: depth + 1, parent: fd, name: name)
                }
                found.set(k, (i, f))
            }
            for (i, f) in found.all { inputs += i; failures += f }
            return
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            if depth == 0 { inputs.append(TriageInput(name: path, path: path, compression: nil, size: 0)) }   // a pipe or device named explicitly
            return
        }
        inputs.append(TriageInput(name: path, path: path, compression: TriageInput.compression(of: path), size: Int(st.st_size)))
    }
}

/// Per-slice results of a parallel walk, written by one thread each.
private final class SliceResults: @unchecked Sendable {
    private var results: [([TriageInput], [InputFailure])]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: ([], []), count: count) }
    func set(_ k: Int, _ r: ([TriageInput], [InputFailure])) { lock.withLock { results[k] = r } }
    var all: [([TriageInput], [InputFailure])] { lock.withLock { results } }
}
