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
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(path: path, reason: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(path: path, reason: "is a directory (use 'oopsy triage' for folders)")
        }
        return fd
    }

    static func from(_ paths: [String]) -> [InputSource] {
        paths.isEmpty ? [InputSource(path: "-")] : paths.map(InputSource.init)
    }
}

/// An input that could not be read.
struct InputError: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "cannot read '\(TerminalSafe.escape(path))': \(reason)" }
}
