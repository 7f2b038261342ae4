import Foundation

/// A small lock for the few process-wide tables (pattern compile failures).
final class Mutex: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
