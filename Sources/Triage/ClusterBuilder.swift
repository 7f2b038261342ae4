import OopsCore

/// Builds the clusters of a triage one report at a time, keeping per cluster only what its
/// summary shows (count, kernels, hardware, first and last occurrence, the first report, the
/// best diagnosis): memory grows with the distinct crashes, not with the reports.
///
/// The result depends only on the set of reports added, not on their order, so one run, a run
/// on more jobs and a merge of shards agree.
public struct ClusterBuilder {
    struct Partial {
        var count = 0
        var consequences = 0
        var kernels: Set<String> = []
        var hardware: Set<String> = []
        var first: Occurrence
        var last: Occurrence
        var representative: Report
        var best: (diagnosis: Diagnosis, at: Occurrence)?
        var causes: [String: Int] = [:]
        var members: [Occurrence] = []
    }

    private var partials: [String: Partial] = [:]
    public private(set) var reports = 0
    public let members: Bool

    /// `members`: keep every occurrence of each cluster.
    public init(members: Bool) { self.members = members }

    public mutating func add(_ r: Report) {
        reports += 1
        let at = Occurrence(source: r.source ?? "", line: r.lines.first)
        var p = partials[r.signature] ?? Partial(first: at, last: at, representative: r)
        p.count += 1
        if r.consequenceOf != nil { p.consequences += 1 }
        if let k = r.context?.kernel { p.kernels.insert(k) }
        if let h = r.context?.hardware { p.hardware.insert(h) }
        if at < p.first { p.first = at; p.representative = r }
        if p.last < at { p.last = at }
        // The most confident diagnosis; among equals, the earliest report's.
        if let d = r.diagnoses.first {
            p.causes[d.cause, default: 0] += 1
            if let b = p.best {
                if d.confidence > b.diagnosis.confidence || (d.confidence == b.diagnosis.confidence && at < b.at) { p.best = (d, at) }
            } else {
                p.best = (d, at)
            }
        }
        if members { p.members.append(at) }
        partials[r.signature] = p
    }

    /// The summary: clusters by the reports that follow from no other (most first: a crash
    /// that only echoes another ranks below it), then count, title and signature.
    public func summary(inputs: Int, bytes: Int, unreadable: [InputFailure]) -> TriageSummary {
        var clusters = partials.map { signature, p in
            Cluster(signature: signature, title: p.representative.title, kind: p.representative.kind, count: p.count,
                    consequences: p.consequences > 0 ? p.consequences : nil,
                    kernels: p.kernels.sorted(), hardware: p.hardware.sorted(), first: p.first, last: p.last,
                    representative: p.representative, diagnosis: p.best?.diagnosis, causes: Self.counted(p.causes),
                    members: members ? p.members.sorted() : nil)
        }
        clusters.sort { a, b in
            a.roots != b.roots ? a.roots > b.roots
                : a.count != b.count ? a.count > b.count : (a.title, a.signature) < (b.title, b.signature)
        }
        return TriageSummary(inputs: inputs, bytes: bytes, reports: reports, unreadable: unreadable.sorted(), clusters: clusters)
    }

    /// Causes most first, then by name; nil for none.
    static func counted(_ causes: [String: Int]) -> [CauseCount]? {
        causes.isEmpty ? nil : causes.map { CauseCount(cause: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.cause < $1.cause }
    }
}
