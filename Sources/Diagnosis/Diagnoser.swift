import OopsCore

/// Names the cause of a report: the DMA-IOMMU model's diagnosis when a scenario reproduces it,
/// and the generic layer's, best first. Keeps the stream's context (earlier IOMMU faults).
public final class Diagnoser {
    public private(set) var context = StreamContext()

    public init() {}

    /// A new input: earlier reports no longer count as context.
    public func reset() { context = StreamContext() }

    public func run(_ r: inout Report) {
        var out: [Diagnosis] = []
        if let m = ModelMatcher.diagnose(r, context: context) { out.append(m) }
        if let g = GenericRules.diagnose(r), !out.contains(where: { $0.cause == g.cause }) {
            // A generic diagnosis below a model one keeps its own confidence but is second.
            out.append(g)
        }
        // An echo of an earlier oops (``Report/consequence``) happens on the dying task's way
        // out: a complaint about its context (scheduling while atomic, a lock held at exit)
        // names the oops, not a bug of its own, and its fix would mislead. Only a fault of its
        // own (an address it touched) is still worth naming. A detector's panic is the
        // detector's report again, and its class is that report's.
        if let why = r.consequence, why != .detectorPanic, r.fault?.address == nil { out = [] }
        r.diagnoses = out
        context.observe(r)
    }
}
