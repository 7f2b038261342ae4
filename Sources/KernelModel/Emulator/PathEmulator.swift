#if canImport(Glibc)
import Glibc
#endif
import OopsCore

/// What running a scenario on a profile did.
public enum Outcome: Sendable {
    /// A fault the kernel would oops on (or KASAN would report).
    case oops(EmulatedOops)
    /// WARN_ONs hit on the way; the path went on.
    case warning([ModelWarning])
    /// The SMMU would refuse device DMA.
    case smmuFault([ModelSMMUFault])
    /// Nothing visible happened; the reason says what did.
    case silent(String)

    /// What the kernel would print, reduced to what tells outcomes apart: two scenarios with
    /// the same signature on a profile cannot be told apart from the log.
    public var signature: String {
        switch self {
        case .oops(let o): return "oops|\(o.fault.kind)|\(o.function)|\(Hex64(o.fault.address))|\(o.modelFrames.joined(separator: ","))"
        case .warning(let ws): return "warn|" + ws.map { "\($0.function)@\($0.file)" }.joined(separator: ",")
        case .smmuFault(let fs): return "smmu|" + fs.map { Hex64($0.iova).description }.joined(separator: ",")
        case .silent: return "silent"
        }
    }

    public var label: String {
        switch self {
        case .oops(let o): return o.fault.kind == .kasan ? "KASAN report" : "oops"
        case .warning: return "WARN"
        case .smmuFault: return "SMMU fault"
        case .silent: return "no oops"
        }
    }
}

/// The synthetic oops a fault produces: what the kernel would print about it.
public struct EmulatedOops: Sendable {
    public let fault: ModelFault
    /// The pc's function (innermost function with a frame), or the bad address for a call
    /// through a bad pointer.
    public let function: String
    /// The lr's function when the unwinder prints it (a leaf or a bad call: the caller).
    public let lr: String?
    /// Call trace as the kernel prints it, innermost first (driver entry frames included).
    public let trace: [String]
    /// The trace without the scenario's driver frames: what the model itself claims.
    public let modelFrames: [String]
    /// The fault is inside a kernel function of the path. When it is not (the DMA API inlined
    /// into driver code, 4.19/5.4), only the offset hints at the model: not enough to claim it.
    public var inPath: Bool { !modelFrames.isEmpty && (fault.kind == .exec || modelFrames.first == function) }
    public let softirq: Bool
}

/// One run of a scenario.
public struct EmulationResult: Sendable {
    public let scenario: Scenario
    public let profile: KernelProfile
    public let memoryDebug: MemoryDebug
    public let outcome: Outcome
    /// Every kernel function entered, in order (inlined ones too).
    public let path: [String]
}

/// Runs catalogue scenarios on kernel profiles. Results are a pure function of (scenario,
/// profile, memory debugging), so they are computed once and shared.
public final class PathEmulator: @unchecked Sendable {
    public static let shared = PathEmulator()

    private var cache: [String: EmulationResult] = [:]
    /// `runAll` per profile: the diagnosis asks for it once per report and profile, so it
    /// must cost a dictionary lookup, not 40 keyed lookups and copies.
    private var allCache: [KernelProfile: [EmulationResult]] = [:]
    private let lock = NSLockLike()

    public init() {}

    public func run(_ scenario: Scenario, on profile: KernelProfile, memoryDebug: MemoryDebug? = nil) -> EmulationResult? {
        let md = memoryDebug ?? scenario.memoryDebug.first ?? .none
        let key = "\(scenario.id)|\(profile)|\(md.rawValue)"
        if let hit = lock.withLock({ cache[key] }) { return hit }
        guard let layout = LayoutStore.shared.layout(for: profile) else { return nil }
        let result = Self.execute(scenario, profile: profile, layout: layout, memoryDebug: md)
        lock.withLock { cache[key] = result }
        return result
    }

    /// Every scenario × memory debugging on one profile.
    public func runAll(on profile: KernelProfile) -> [EmulationResult] {
        if let hit = lock.withLock({ allCache[profile] }) { return hit }
        let results = Scenarios.all.flatMap { s in s.memoryDebug.compactMap { run(s, on: profile, memoryDebug: $0) } }
        lock.withLock { allCache[profile] = results }
        return results
    }

    static func execute(_ scenario: Scenario, profile: KernelProfile, layout: Layout, memoryDebug: MemoryDebug) -> EmulationResult {
        let m = Machine(profile: profile, layout: layout, memoryDebug: memoryDebug)
        m.dmaAPIDebug = scenario.dmaAPIDebug
        let world = World(m)
        defer { world.dismantle() }
        let paths = KernelPaths(m)
        let outcome: Outcome
        do {
            try m.driver(Array(scenario.driverFrames.reversed())) { () throws(ModelFault) in
                try scenario.program(world, paths)
            }
            if !m.smmuFaults.isEmpty {
                outcome = .smmuFault(m.smmuFaults)
            } else if !m.warnings.isEmpty {
                outcome = .warning(m.warnings)
            } else {
                outcome = .silent(Self.silentReason(scenario, era: profile.era))
            }
        } catch {
            outcome = .oops(Self.oops(error, m: m, scenario: scenario))
        }
        return EmulationResult(scenario: scenario, profile: profile, memoryDebug: memoryDebug, outcome: outcome, path: m.path)
    }

    /// The trace the arm64 unwinder prints: pc's function first; when it is a leaf (no frame
    /// record) or the fault is a call through a bad pointer, its caller shows only as `lr`.
    static func oops(_ fault: ModelFault, m: Machine, scenario: Scenario) -> EmulatedOops {
        var frames = Array(m.faultStack.reversed())   // innermost first
        var lr: String? = nil
        var function = frames.first ?? "?"
        if fault.kind == .exec {
            function = Hex64(fault.address).description
            lr = frames.first
            frames = [function] + frames.dropFirst(2)
        } else if FrameTable.isLeaf(function, in: m.era), frames.count > 1 {
            lr = frames[1]
            frames.remove(at: 1)
        } else if frames.count > 1 {
            lr = frames[1]
        }
        let driver = Set(scenario.driverFrames)
        return EmulatedOops(fault: fault, function: function, lr: lr, trace: frames,
                            modelFrames: frames.filter { !driver.contains($0) }, softirq: scenario.softirq)
    }

    static func silentReason(_ s: Scenario, era: Era) -> String {
        switch s.mode {
        case "FM-1": return era == .v4_19 ? "no DMA call reached a NULL cookie" : "since 5.0 iommu-dma uses the group's default domain, not the driver's: no oops (the mappings go to a domain the hardware is not using; see FM-6c)"
        case "FM-3": return "iommu-dma silently allocates from the MSI window (4.19) or setup rejected the MSI cookie (5.x+): no oops"
        case "FM-5": return era == .v4_19 ? "arm-smmu does not use a flush queue in 4.19" : "the flush-queue timer is stopped with del_timer_sync before the domain is freed (d7061627d701 / 5.17+ cookie FQ)"
        case "FM-8": return era == .v4_19 ? "4.19 tears down to dummy_dma_ops: the late unmap does nothing (the IOMMU mapping leaks)" : era == .v6_12 ? "6.12 keeps iommu-dma across unbind on arm64: the late unmap is handled" : "dma-direct's unmap of a coherent buffer does nothing"
        case "FM-9": return "the cache maintenance hit mapped memory (silent corruption) or the era routes the call elsewhere"
        case "FM-2a", "FM-2b": return era == .v6_12 ? "6.12 clears dev->dma_iommu when the device leaves its group: later DMA silently bypasses the IOMMU through dma-direct" : "no NULL dereference on this path"
        default: return "no oops on this path in this era"
        }
    }
}

/// A tiny lock without Foundation's NSLock (KernelModel's emulator core stays Foundation-free).
final class NSLockLike: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
