import OopsCore

/// Where a report was found.
public struct Occurrence: Codable, Sendable, Hashable, Comparable {
    public var source: String
    public var line: Int

    public init(source: String, line: Int) {
        self.source = source
        self.line = line
    }

    /// Inputs are ordered by name, then line: the order does not depend on how the inputs
    /// were split into shards, so merging shards in any order gives the same first and last.
    public static func < (a: Occurrence, b: Occurrence) -> Bool {
        a.source != b.source ? a.source < b.source : a.line < b.line
    }
}

/// One distinct crash: every report with the same signature.
public struct Cluster: Codable, Sendable, Equatable {
    public var signature: String
    public var title: String
    public var kind: CrashKind
    public var count: Int
    /// How many of `count` follow from another report of their log (``Report/consequenceOf``):
    /// echoes of a crash, not crashes of their own; nil when none.
    public var consequences: Int?
    /// The reports that follow from no other.
    public var roots: Int { count - (consequences ?? 0) }
    /// Distinct kernel releases it was seen on, sorted.
    public var kernels: [String]
    /// Distinct hardware names, sorted.
    public var hardware: [String]
    public var first: Occurrence
    public var last: Occurrence
    /// The first report of the cluster, whole.
    public var representative: Report
    /// The best diagnosis among the cluster's reports (the representative's when tied).
    public var diagnosis: Diagnosis?
    /// The first diagnosis's cause of every report that has one, counted: a cluster is what
    /// the log says alike, and its reports' causes may differ (most first, then by name); nil
    /// when no report has a diagnosis.
    public var causes: [CauseCount]?
    /// Every occurrence, with `--members`.
    public var members: [Occurrence]?
}

/// How many reports of a cluster have a cause.
public struct CauseCount: Codable, Sendable, Equatable {
    public var cause: String
    public var count: Int

    public init(cause: String, count: Int) {
        self.cause = cause
        self.count = count
    }
}

/// An input that could not be read, and why.
public struct InputFailure: Codable, Sendable, Equatable, Comparable {
    public var source: String
    public var reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }

    public static func < (a: InputFailure, b: InputFailure) -> Bool { (a.source, a.reason) < (b.source, b.reason) }
}

/// The triage summary (`{"summary": …}`, the last line of `oopsy triage --format jsonl`).
public struct TriageSummary: Codable, Sendable, Equatable {
    public var schema: String = oopsySchema
    /// How report signatures were made (2: IOMMU faults separated by device and stream); a
    /// shard of another scheme cannot be merged into the same clusters. Absent (nil) in the
    /// summaries of the first scheme.
    public var signatureScheme: Int? = TriageSummary.currentSignatureScheme
    public static let currentSignatureScheme = 2
    /// Inputs read (files, or streams).
    public var inputs: Int
    /// Bytes read (uncompressed).
    public var bytes: Int
    public var reports: Int
    public var unreadable: [InputFailure]
    public var clusters: [Cluster]

    enum CodingKeys: String, CodingKey {
        case schema
        case signatureScheme = "signature_scheme"
        case inputs, bytes, reports, unreadable, clusters
    }

    public init(inputs: Int, bytes: Int, reports: Int, unreadable: [InputFailure], clusters: [Cluster]) {
        self.inputs = inputs
        self.bytes = bytes
        self.reports = reports
        self.unreadable = unreadable
        self.clusters = clusters
    }
}

/// Clusters from a set of reports: a pure function of the set, so one run and a merge of
/// shards agree.
public enum Clustering {
    public static func summarize(_ reports: [Report], inputs: Int, bytes: Int, unreadable: [InputFailure],
                                 members: Bool) -> TriageSummary {
        var builder = ClusterBuilder(members: members)
        for r in reports { builder.add(r) }
        return builder.summary(inputs: inputs, bytes: bytes, unreadable: unreadable)
    }

    static func occurrence(_ r: Report) -> Occurrence { Occurrence(source: r.source ?? "", line: r.lines.first) }

    /// Reports in the canonical order: by source name, then line.
    public static func canonicalOrder(_ reports: [Report]) -> [Report] {
        reports.sorted { occurrence($0) < occurrence($1) }
    }
}
