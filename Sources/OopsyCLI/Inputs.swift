#if canImport(Glibc)
import Glibc
#endif
import Oopsy

/// An input named on the command line: a path, or `-` / nothing for standard input.
struct InputSource {
    let path: String
    var isStdin: Bool { path == "-" }
    /// How the input is named in output (`<stdin>` for standard input).
    var name: String { isStdin ? "<stdin>" : path }

    /// Opens the input; the error names the path and the reason.
    func open() throws(InputError) -> Int32 {
        if isStdin { return 0 }
        // The name as the shell passed it: a file name need not be UTF-8, and `path` (a Swift
        // string) has its invalid bytes replaced, which would name another file.
        let name = RawArgument.bytes(for: path) ?? Array(path.utf8)
        let fd = (name + [0]).withUnsafeBufferPointer { z in
            z.withMemoryRebound(to: CChar.self) { Glibc.open($0.baseAddress!, O_RDONLY | O_CLOEXEC) }
        }
        guard fd >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, reason: "is a directory (use 'oopsy triage' for folders)")
        }
        return fd
    }

    /// Streams the reports of `fd` (this input, opened) through `analyzer`, through its
    /// decompressor when its first bytes say it is compressed (`kern.log.gz`, `zcat`'s absence
    /// on a pipe). A decompressor's failure is a ``ReadFailure`` after the reports it let through.
    func analyze(_ fd: Int32, with analyzer: Analyzer, onReport: @escaping (Report) throws -> Void) throws -> [InputProblem] {
        let readable = try DecompressedInput(fd: fd)
        let problems = try analyzer.analyze(fileDescriptor: readable.fd, head: readable.head, onReport: onReport)
        if let failure = readable.finish() { throw ReadFailure(message: failure) }
        return problems
    }

    /// The dumps of a pstore folder (`/sys/fs/pstore`, a systemd-pstore folder), each named
    /// `FOLDER [Oops#1]` with its parts joined; nil when the input is no such folder.
    func pstoreDumps() -> [(name: String, text: [UInt8])]? {
        guard !isStdin, RawArgument.bytes(for: path) == nil, let records = Pstore.records(inFolder: path) else { return nil }
        return records.compactMap { r in (try? Pstore.text(of: r)).map { ("\(path) [\(r.name)]", $0) } }
    }

    /// The logs of a kdump crash folder (`vmcore-dmesg.txt`, kdump-tools' `dmesg.<stamp>`, a
    /// `dmesg.txt`), each an input of its own; nil when the input is no such folder.
    func kdumpLogs() -> [InputSource]? {
        guard !isStdin, RawArgument.bytes(for: path) == nil else { return nil }
        return KdumpFolder.logs(inFolder: path)?.map(InputSource.init)
    }

    static func from(_ paths: [String]) -> [InputSource] {
        paths.isEmpty ? [InputSource(path: "-")] : paths.map(InputSource.init)
    }
}

/// An input that could not be read.
struct InputError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read '\(RawArgument.display(path))': \(reason)" }
}

/// Command-line arguments as the bytes the process was given.
enum RawArgument {
    /// The bytes of the argument that decodes to `text`, when `text` had invalid UTF-8 replaced
    /// (it holds U+FFFD); nil otherwise (then `text` is exact).
    static func bytes(for text: String) -> [UInt8]? {
        guard text.unicodeScalars.contains("\u{FFFD}") else { return nil }
        for i in 1..<Int(CommandLine.argc) {
            guard let arg = CommandLine.unsafeArgv[i] else { continue }
            let raw = Array(UnsafeRawBufferPointer(start: arg, count: strlen(arg)))
            if String(decoding: raw, as: UTF8.self) == text { return raw }
        }
        return nil
    }

    /// `text` for a message: terminal-safe, and with the bytes that are not UTF-8 shown as
    /// `\xff` rather than as a replacement character that names no file.
    static func display(_ text: String) -> String {
        guard let raw = bytes(for: text) else { return TerminalSafe.escape(text) }
        var out = ""
        var i = 0
        while i < raw.count {
            // The longest valid UTF-8 run from here, else one escaped byte.
            var j = i
            var run = ""
            while j < raw.count {
                let len = raw[j] < 0x80 ? 1 : raw[j] >> 5 == 0b110 ? 2 : raw[j] >> 4 == 0b1110 ? 3 : raw[j] >> 3 == 0b11110 ? 4 : 0
                guard len > 0, j + len <= raw.count,
                      let s = String(validating: raw[j..<(j + len)], as: UTF8.self) else { break }
                run += s
                j += len
            }
            out += TerminalSafe.escape(run)
            if j < raw.count { out += "\\x" + String(raw[j], radix: 16); j += 1 }
            i = j
        }
        return out
    }
}
