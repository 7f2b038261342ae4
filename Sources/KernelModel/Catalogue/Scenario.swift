/// A failure mode as a program the path emulator runs: set the objects up the way the
/// failure needs, then make the DMA-API or IOMMU-API call that trips it. The same program
/// runs in every era; what it does (oops, WARN, SMMU fault, nothing) is the era's answer.
public struct Scenario: Sendable, Identifiable {
    /// What the scenario does to the emulated kernel: driver code calling kernel paths.
    public typealias Program = @Sendable (World, KernelPaths) throws(ModelFault) -> Void

    /// `FM-1/dma_map_sg`.
    public let id: String
    /// The catalogue entry (`FM-1`).
    public let mode: String
    public let description: String
    /// Memory-debugging settings the scenario is run under (use-after-free needs poison or KASAN).
    public let memoryDebug: [MemoryDebug]
    /// Driver functions on the stack when the path is entered, innermost first.
    public let driverFrames: [String]
    /// Runs in softirq (timer) context instead of a driver's process context.
    public let softirq: Bool
    /// Runs with CONFIG_DMA_API_DEBUG.
    public let dmaAPIDebug: Bool
    let program: Program

    public init(_ id: String, mode: String, _ description: String, memoryDebug: [MemoryDebug] = [.none],
                driverFrames: [String] = ["oopsy_example_dma", "oopsy_example_probe"], softirq: Bool = false,
                dmaAPIDebug: Bool = false, _ program: @escaping Program) {
        self.dmaAPIDebug = dmaAPIDebug
        self.id = id
        self.mode = mode
        self.description = description
        self.memoryDebug = memoryDebug
        self.driverFrames = driverFrames
        self.softirq = softirq
        self.program = program
    }

    public var failureMode: FailureMode? { FailureModes.mode(mode) }
}
