#if canImport(Glibc)
import Glibc
#endif
import Foundation
import OopsParser

extension TriageInput.Compression {
    /// The longest magic number below.
    public static let magicLength = 6

    /// The format whose magic number `head` (an input's first bytes) begins with: a log saved
    /// as `kern.log.1` may be compressed whatever its name, and stdin has none.
    public static func sniff(_ head: some Collection<UInt8>) -> Self? {
        let h = Array(head.prefix(magicLength))
        func starts(_ m: [UInt8]) -> Bool { h.count >= m.count && Array(h.prefix(m.count)) == m }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        // `BZh` and the block size, 1 to 9.
        if starts(Array("BZh".utf8)), h.count >= 4, (0x31...0x39).contains(h[3]) { return .bzip2 }
        return nil
    }

    /// The format of the regular file open on `fd`, by its first bytes, read without moving
    /// its offset (nil when plain or unreadable).
    static func sniff(fileDescriptor fd: Int32) -> Self? {
        var magic = [UInt8](repeating: 0, count: magicLength)
        let n = magic.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? sniff(magic.prefix(n)) : nil
    }

    /// The system tool that decompresses the format from its stdin to its stdout (on PATH on
    /// Debian: gzip, xz-utils, zstd, bzip2).
    var tool: [String] {
        switch self {
        case .gzip: return ["gzip", "-dc"]
        case .xz: return ["xz", "-dc"]
        case .zstd: return ["zstd", "-dcq"]
        case .bzip2: return ["bzip2", "-dc"]
        }
    }
}

/// An opened input made readable: a compressed one (recognised by its first bytes) is read
/// through its decompressor's output; a plain one as is, with `head`, the bytes read to
/// recognise it from a pipe, to be put before the rest.
public final class DecompressedInput {
    /// Where to read the text from.
    public let fd: Int32
    /// Bytes already taken from `fd` that come first (a plain pipe's first read).
    public let head: [UInt8]
    /// The format found, nil for plain text.
    public let compression: TriageInput.Compression?
    private var process: Process?
    private var errorPipe: Pipe?
    private var feeder: Thread?

    /// Recognises `fd`'s format. A regular file is looked at without moving its offset; a pipe
    /// or terminal gives up its first read. `known` skips the look (a name that says it).
    /// `path`, the file `fd` was opened from, is handed to the tool so that its messages name
    /// the file rather than "stdin".
    public init(fd source: Int32, path: String? = nil, known: TriageInput.Compression? = nil) throws {
        var st = stat()
        let regular = fstat(source, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
        var head: [UInt8] = []
        var format = known
        if format == nil {
            if regular {
                format = TriageInput.Compression.sniff(fileDescriptor: source)
            } else if isatty(source) == 0 {
                // One read: what a pipe holds now (a compressor writes whole blocks).
                head = [UInt8](repeating: 0, count: 64 << 10)
                var n: Int
                repeat { n = head.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) } } while n < 0 && errno == EINTR
                guard n >= 0 else { throw ReadFailure(message: String(cString: strerror(errno))) }
                head.removeSubrange(n...)
                format = TriageInput.Compression.sniff(head)
            }
        }
        compression = format
        guard let format else {
            fd = source
            self.head = head
            return
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        // The tool reads the source itself (by name when it is a named regular file), unless
        // bytes were taken from it: then a thread hands it those and copies the rest.
        let input = head.isEmpty ? nil : Pipe()
        if input == nil, regular, let path {
            p.arguments = format.tool + ["--", path]
            p.standardInput = FileHandle.nullDevice
        } else {
            p.arguments = format.tool
            p.standardInput = input ?? FileHandle(fileDescriptor: source, closeOnDealloc: false)
        }
        do { try p.run() } catch {
            throw ReadFailure(message: "cannot run \(format.tool[0]) to read \(format.rawValue)-compressed input: \(error.localizedDescription)")
        }
        if let input {
            let writer = input.fileHandleForWriting
            let taken = head
            let t = Thread { DecompressedInput.copy(taken, then: source, to: writer) }
            t.start()
            feeder = t
        }
        process = p
        errorPipe = err
        fd = out.fileHandleForReading.fileDescriptor
        self.head = []
    }

    /// Writes `head`, then everything read from `source`, to `writer`; closes it at the end
    /// (or when the tool stopped reading).
    private static func copy(_ head: [UInt8], then source: Int32, to writer: FileHandle) {
        let out = writer.fileDescriptor
        func write(_ p: UnsafeRawPointer, _ count: Int) -> Bool {
            var done = 0
            while done < count {
                let n = Glibc.write(out, p + done, count - done)
                if n < 0 { if errno == EINTR { continue }; return false }
                done += n
            }
            return true
        }
        defer { try? writer.close() }
        guard head.withUnsafeBytes({ write($0.baseAddress!, $0.count) }) else { return }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(source, buffer, 1 << 16)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 || !write(buffer, n) { return }
        }
    }

    /// Waits for the decompressor: its failure (a corrupt or cut archive, a missing tool) as a
    /// one-line reason, nil when it succeeded or there was none.
    public func finish() -> String? {
        guard let p = process, let format = compression else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus != 0 else { return nil }
        let msg = String(decoding: errorPipe?.fileHandleForReading.readDataToEndOfFile() ?? Data(), as: UTF8.self)
            .split(separator: "\n").first.map(String.init) ?? ""
        return "\(format.tool[0]) exited with status \(p.terminationStatus)" + (msg.isEmpty ? "" : ": \(msg)")
    }
}
