import Foundation
import Triage

/// Files, MB/s, reports and an ETA on stderr, redrawn at most ten times a second.
final class ProgressBar: @unchecked Sendable {
    let enabled: Bool
    private var last = Date.distantPast
    private let started = Date()
    private let lock = NSLock()

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ p: TriageRunner.Progress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        let secs = max(0.001, now.timeIntervalSince(started))
        let rate = Double(p.bytesDone) / secs
        let eta = rate > 0 && p.bytesTotal > p.bytesDone ? Int(Double(p.bytesTotal - p.bytesDone) / rate) : 0
        let line = "\r\u{1B}[K[\(p.inputsDone)/\(p.inputsTotal) inputs] \(Bytes.human(p.bytesDone)) at \(Bytes.human(Int(rate)))/s, \(p.reports) reports, ETA \(eta)s"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
