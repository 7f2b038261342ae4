#if canImport(Glibc)
import Glibc
#endif
import Render

/// Buffered standard output that is flushed after every report (so `dmesg -w | oopsy` shows a
/// crash while the pipe stays open) and turns a closed pipe into a quiet exit.
final class Output: PrinterSink {
    struct BrokenPipe: Error {}
    struct WriteFailed: Error { let message: String }

    private var buffer: [UInt8] = []
    private let fd: Int32

    init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    var isTerminal: Bool { isatty(fd) == 1 }

    /// Bytes written but not yet flushed.
    var pending: Int { buffer.count }

    func write(_ text: String) { buffer.append(contentsOf: text.utf8) }
    func write(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }

    func flush() throws {
        var at = 0
        while at < buffer.count {
            let n = buffer.withUnsafeBytes { p -> Int in
                guard let base = p.baseAddress else { return 0 }
                return Glibc.write(fd, base + at, p.count - at)
            }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { buffer.removeAll(); throw BrokenPipe() }
                let message = String(cString: strerror(errno))
                buffer.removeAll()
                throw WriteFailed(message: message)
            }
            at += n
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
