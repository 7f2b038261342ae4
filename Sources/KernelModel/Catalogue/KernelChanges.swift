/// Upstream commits the catalogue's fixes name, with the releases they reached, so that a
/// diagnosis can say whether the report's own kernel already has one. Facts come from the
/// kernel trees and stable-review mails read for each (bracketed where no tag was at hand);
/// a point release nobody verified stays unknown rather than guessed.
public struct KernelChange: Sendable {
    /// A stable line the commit was backported to, with what is known of where.
    public struct Backport: Sendable {
        /// `5.15` for 5.15.y.
        public let line: (Int, Int)
        /// The first point release known to have it (nil: reached the line, release unknown).
        public let firstWith: Int?
        /// The last point release known not to have it.
        public let lastWithout: Int?
    }

    /// The first 12 hex digits, as the kernel's `Fixes:` tags write it.
    public let commit: String
    public let subject: String
    /// The first mainline release that has it.
    public let mainline: (Int, Int)
    public let backports: [Backport]

    /// Whether a kernel of `release` has the change, when that can be told.
    public enum Presence: Equatable, Sendable {
        case has, lacks, unknown
    }

    public func presence(in release: String) -> Presence {
        guard let (major, minor) = KernelRelease.version(release) else { return .unknown }
        if (major, minor) >= mainline { return .has }
        guard let b = backports.first(where: { $0.line == (major, minor) }) else { return .lacks }
        guard let point = KernelRelease.stablePoint(release) else { return .unknown }
        if let first = b.firstWith, point >= first { return .has }
        if let last = b.lastWithout, point <= last { return .lacks }
        return .unknown
    }

    /// `d7061627d701 ("iommu/iova: Fix race …", v5.17)`.
    public var reference: String { "\(commit) (\"\(subject)\", v\(mainline.0).\(mainline.1))" }

    /// A sentence on whether the report's kernel has it.
    public func sentence(for release: String) -> String {
        switch presence(in: release) {
        case .has: return "Kernel \(release) has \(commit)."
        case .lacks: return "Kernel \(release) does not have \(commit)" + (backports.isEmpty ? "." : " (mainline v\(mainline.0).\(mainline.1); not backported to its stable line, or only later).")
        case .unknown: return "Whether kernel \(release) has \(commit) is not known here (it reached the \(backports.map { "\($0.line.0).\($0.line.1).y" }.joined(separator: ", ")) stable lines)."
        }
    }
}

/// The table of changes, one row each.
public enum KernelChanges {
    public static let all: [KernelChange] = [
        KernelChange(commit: "6af588fed391", subject: "iommu: Add fast hook for getting DMA domains",
                     mainline: (4, 20), backports: []),
        KernelChange(commit: "82612d66d51d", subject: "iommu: Allow the dma-iommu api to use bounce buffers",
                     mainline: (5, 11), backports: []),
        KernelChange(commit: "9b49bbc2c4df", subject: "iommu/dma: Fold _swiotlb helpers into callers",
                     mainline: (5, 16), backports: [.init(line: (5, 15), firstWith: 33, lastWithout: 32)]),
        KernelChange(commit: "d7061627d701", subject: "iommu/iova: Fix race between FQ timeout and teardown",
                     mainline: (5, 17), backports: [
                        .init(line: (4, 14), firstWith: nil, lastWithout: nil), .init(line: (4, 19), firstWith: nil, lastWithout: 1),
                        .init(line: (5, 4), firstWith: nil, lastWithout: 59), .init(line: (5, 10), firstWith: nil, lastWithout: 7),
                        .init(line: (5, 15), firstWith: 24, lastWithout: 16), .init(line: (5, 16), firstWith: nil, lastWithout: nil)]),
        KernelChange(commit: "280e5a301005", subject: "iommu: Clear iommu-dma ops on cleanup",
                     mainline: (6, 15), backports: [
                        .init(line: (6, 12), firstWith: 33, lastWithout: 0), .init(line: (6, 13), firstWith: nil, lastWithout: nil),
                        .init(line: (6, 14), firstWith: nil, lastWithout: nil)]),
    ]

    public static func change(_ commit: String) -> KernelChange? { all.first { $0.commit == commit } }
}
