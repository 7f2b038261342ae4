import OopsCore

/// What the model matcher reads from a report, computed once per report rather than once
/// per emulated outcome it is compared with (a report meets hundreds of them).
struct MatchFacts {
    let report: Report
    /// The faulting function: the pc's, or the first frame's when the pc line is missing.
    let pcFunction: String?
    /// The caller at the fault (for exec faults, where the pc is garbage).
    let lrFunction: String?
    /// The function the report's headline names (KASAN's `in f`, a WARNING's `at … f`).
    let siteFunction: String?
    /// The pc's own function (nil when the report has no pc line).
    let pcSymbol: String?
    /// The reliable frames' function names, in the report's order.
    let traceNames: [String]

    init(_ r: Report) {
        report = r
        pcFunction = (r.pc ?? r.trace.first)?.baseSymbol
        lrFunction = r.lr?.baseSymbol
        siteFunction = r.site?.function.map(Frame.stripCompilerSuffixes)
        pcSymbol = r.pc?.baseSymbol
        traceNames = r.trace.filter(\.reliable).map(\.baseSymbol)
    }

    /// Every function an emulated outcome could be filed under and still apply to this report.
    var functions: [String] {
        var out: [String] = []
        for f in [pcFunction, lrFunction, siteFunction, pcSymbol] {
            if let f, !out.contains(f) { out.append(f) }
        }
        return out
    }
}
