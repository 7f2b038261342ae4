import OopsCore

/// The path emulator's CPU: a call stack of kernel functions and a memory model that turns a
/// load through a NULL, freed or wild pointer into a ``ModelFault`` at the profile's offset.
public final class Machine {
    public let profile: KernelProfile
    public let layout: Layout
    public let memoryDebug: MemoryDebug
    /// CONFIG_DMA_API_DEBUG: kernel/dma/debug.c checks every unmap against its records.
    public var dmaAPIDebug = false
    public var era: Era { profile.era }

    /// Frames of the functions running, outermost first (inlined functions excluded).
    public private(set) var stack: [String] = []
    /// Every function entered, inlined or not: what ran.
    public private(set) var path: [String] = []
    public private(set) var warnings: [ModelWarning] = []
    public private(set) var smmuFaults: [ModelSMMUFault] = []
    /// Set when the fault happened: the stack at that moment and the faulting function.
    public private(set) var faultStack: [String] = []
    public private(set) var faultFunction: String?
    /// The innermost function that has a frame, when the fault happened in an inlined one.
    private var current: [String] = []
    /// The scenario's driver frames: scaffolding that calls into the path, not the model's claim.
    private var driverFrames: Set<String> = []

    public init(profile: KernelProfile, layout: Layout, memoryDebug: MemoryDebug) {
        self.profile = profile
        self.layout = layout
        self.memoryDebug = memoryDebug
    }

    /// Runs `body` as kernel function `name`: a frame if the era gives it one.
    public func call<T>(_ name: String, _ body: () throws(ModelFault) -> T) throws(ModelFault) -> T {
        let framed = FrameTable.hasFrame(name, in: era)
        path.append(name)
        current.append(name)
        if framed { stack.append(name) }
        defer {
            current.removeLast()
            if framed { stack.removeLast() }
        }
        return try body()
    }

    /// Frames of driver code that called into the path (the scenario's entry), outermost first.
    public func driver<T>(_ frames: [String], _ body: () throws(ModelFault) -> T) throws(ModelFault) -> T {
        stack.append(contentsOf: frames)
        current.append(contentsOf: frames)
        driverFrames.formUnion(frames)
        defer {
            stack.removeLast(frames.count)
            current.removeLast(frames.count)
        }
        return try body()
    }

    // MARK: memory

    /// Reads member `path` (`struct.member`) of the object `p` points to.
    public func read<O: AnyObject, V>(_ p: Ptr<O>, _ path: String, poison: V, _ get: (O) -> V) throws(ModelFault) -> V {
        switch p {
        case .live(let o):
            return get(o)
        case .null:
            throw fault(base: 0, path, access: .read)
        case .wild(let base):
            throw fault(base: base, path, access: .read)
        case .freed(let o):
            switch memoryDebug {
            case .none: return get(o)
            case .slubPoison: return poison
            case .kasan: throw fault(base: 0, path, access: .read, kind: .kasan)
            }
        }
    }

    /// Reads a pointer member: a freed object yields SLUB's poison pointer.
    public func readPointer<O: AnyObject, P: AnyObject>(_ p: Ptr<O>, _ path: String, _ get: (O) -> Ptr<P>) throws(ModelFault) -> Ptr<P> {
        try read(p, path, poison: .wild(MemoryDebug.slubPoisonPointer), get)
    }

    /// Calls through a function pointer member (`domain->ops->map`): the pointer to the ops
    /// table is read first; a poisoned table faults at poison + slot offset.
    public func callThrough(_ table: UInt64?, slot path: String) throws(ModelFault) {
        guard let base = table else { return }
        throw fault(base: base, path, access: .read)
    }

    /// Cache maintenance by VA on an address that may not be mapped.
    public func cacheMaintenance(at address: UInt64, mapped: Bool) throws(ModelFault) {
        guard !mapped else { return }
        recordFault()
        throw ModelFault(kind: .cacheMaintenance, address: address, access: .write, field: nil, base: address, offset: 0)
    }

    /// A call through a function pointer whose value is bad: the fetch faults at the value.
    public func branch(to address: UInt64) throws(ModelFault) {
        recordFault()
        throw ModelFault(kind: .exec, address: address, access: .exec, field: nil, base: address, offset: 0)
    }

    /// An MMIO access to a device that is gone, unpowered or unclocked.
    public func externalAbort() throws(ModelFault) {
        recordFault()
        throw ModelFault(kind: .externalAbort, address: 0, access: .read, field: nil, base: 0, offset: 0)
    }

    /// A WARN_ON(`condition`) in the innermost framed function; `then` says what the path does
    /// after it (the kernel goes on).
    public func warn(_ condition: String, file: String, message: String? = nil, then aftermath: String) {
        let fn = current.last ?? "?"
        let trace = Array(stack.reversed())
        warnings.append(ModelWarning(function: stack.last ?? fn, file: file, condition: condition, aftermath: aftermath,
                                     message: message, trace: trace, modelFrames: trace.filter { !driverFrames.contains($0) }))
    }

    public func smmuFault(iova: UInt64, reason: String) {
        smmuFaults.append(ModelSMMUFault(iova: iova, reason: reason))
    }

    private func fault(base: UInt64, _ path: String, access: Access, kind: ModelFault.Kind = .memory) -> ModelFault {
        let off = layout.offset(path) ?? 0
        recordFault()
        return ModelFault(kind: kind, address: base &+ UInt64(off), access: access, field: path, base: base, offset: off)
    }

    private func recordFault() {
        faultStack = stack
        faultFunction = current.last
    }
}
