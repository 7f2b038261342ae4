import Foundation
import KernelModel

/// The emulated outcomes of each kernel profile, filed under the function a report must show
/// for the outcome to apply to it: an oops's faulting function (its caller for an exec fault,
/// where the pc is garbage), each WARN's function. The matcher then scores only the handful
/// filed under the report's functions instead of every scenario on every profile.
final class EmulatedFaultIndex: @unchecked Sendable {
    static let shared = EmulatedFaultIndex()

    private struct Entry {
        let results: [EmulationResult]
        let byFunction: [String: [Int]]
    }

    private var entries: [KernelProfile: Entry] = [:]
    private let lock = NSLock()

    /// The outcomes on `profile` filed under any of `functions`, in the emulator's order.
    func results(on profile: KernelProfile, functions: [String]) -> [EmulationResult] {
        let entry = self.entry(profile)
        var indices: [Int] = []
        for f in functions { indices += entry.byFunction[f] ?? [] }
        if indices.count > 1 { indices = Array(Set(indices)).sorted() }
        return indices.map { entry.results[$0] }
    }

    /// The outcomes on `profile` with a WARN whose message `printed` holds: a WARN quoted
    /// without its WARNING line names no function, only its message.
    func results(on profile: KernelProfile, warnMessage printed: String) -> [EmulationResult] {
        entry(profile).results.filter { r in
            guard case .warning(let ws) = r.outcome else { return false }
            return ws.contains { $0.message.map { printed.includes(ModelWarning.messageHead($0)) } == true }
        }
    }

    private func entry(_ profile: KernelProfile) -> Entry {
        lock.lock()
        defer { lock.unlock() }
        if let e = entries[profile] { return e }
        let results = PathEmulator.shared.runAll(on: profile)
        var byFunction: [String: [Int]] = [:]
        for (i, r) in results.enumerated() {
            switch r.outcome {
            case .oops(let o):
                if let f = o.fault.kind == .exec ? o.lr : o.function { byFunction[f, default: []].append(i) }
            case .warning(let ws): for f in Set(ws.map(\.function)) { byFunction[f, default: []].append(i) }
            default: break
            }
        }
        let e = Entry(results: results, byFunction: byFunction)
        entries[profile] = e
        return e
    }
}
