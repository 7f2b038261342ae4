import Foundation
import Oopsy
#if canImport(Glibc)
import Glibc
#endif

/// Standard output or a file given with --output (errors name the file).
final class OutputTarget {
    private let output: Output
    let isTerminal: Bool
    private let path: String?

    init(path: String?) throws {
        self.path = path
        if let path {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else {
                Diagnostics.error("cannot write '\(TerminalSafe.escape(path))': \(String(cString: strerror(errno)))")
                throw Outcome.unreadable
            }
            output = Output(fd: fd)
            isTerminal = false
        } else {
            output = Output()
            isTerminal = output.isTerminal
        }
    }

    func write(_ s: String) { output.write(s) }
    func write(_ b: [UInt8]) { output.write(b) }

    func flush() throws {
        do { try output.flush() } catch let f as Output.WriteFailed {
            Diagnostics.error("cannot write '\(TerminalSafe.escape(path ?? "<stdout>"))': \(f.message)")
            throw Outcome.unreadable
        }
    }
}
