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
                throw Outcome.outputFailed
            }
            output = Output(fd: fd)
            isTerminal = false
        } else {
            output = Output()
            isTerminal = output.isTerminal
        }
    }

    /// What stopped an early flush; the final `flush()` reports it. Writes after it are dropped.
    private var failure: Error?

    func write(_ s: String) { if failure == nil { output.write(s) } }
    func write(_ b: [UInt8]) { if failure == nil { output.write(b) } }

    /// Flushes once a megabyte waits, so a long stream of lines is not held in memory.
    func flushIfLarge() {
        guard failure == nil, output.pending >= 1 << 20 else { return }
        do { try output.flush() } catch { failure = error }
    }

    func flush() throws {
        do {
            if let failure { throw failure }
            try output.flush()
        } catch let f as Output.WriteFailed {
            Diagnostics.error("cannot write '\(TerminalSafe.escape(path ?? "<stdout>"))': \(f.message)")
            throw Outcome.outputFailed
        }
    }
}
