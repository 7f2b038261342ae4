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
        r.diagnoses = out
        context.observe(r)
    }
}
