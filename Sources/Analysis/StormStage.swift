import OopsCore

/// Marks storms: the same fault again, report after report, within a short stretch of the log
/// (an SMMU context bank faulting at four IOVAs in a millisecond, an IOMMU's event burst, one
/// WARN hit in a loop). A repeat keeps its whole record and gets `repeatOf`, the id of the
/// storm's first report, so a printer can show it as one line and nothing is lost.
final class StormStage: ReportStage {
    /// At most this many lines between the end of one report of a storm and the next.
    static let maxGap = 1000

    private var root: (id: Int, key: String)?
    private var lastLine = 0

    func run(_ report: inout Report) {
        defer { lastLine = report.lines.last }
        guard let key = Self.key(report) else { root = nil; return }
        if let root, root.key == key, report.lines.first - lastLine <= Self.maxGap {
            report.repeatOf = root.id
        } else {
            root = (report.id, key)
        }
    }

    func reset() {
        root = nil
        lastLine = 0
    }

    /// What two reports of one storm share: the class and title, and the place — an IOMMU
    /// fault's IOMMU, device, context bank or stream and fault type (its IOVA may change), else
    /// the faulting pc to the byte and the fault address (oopses at one pc on other addresses
    /// are other objects' crashes). A report with no place is no storm's.
    static func key(_ r: Report) -> String? {
        let place: String
        if let m = r.iommu {
            place = [m.driver, m.instance ?? "", m.contextBank.map { "cb\($0)" } ?? "", m.streamID?.description ?? "", m.type]
                .joined(separator: "|")
        } else if let pc = r.pc, pc.offset != nil || pc.address != nil {
            place = pc.symbol + "+" + (pc.offset?.description ?? pc.address?.description ?? "")
                + (r.fault?.address.map { "@\($0)" } ?? "")
        } else {
            return nil
        }
        return [r.kind.rawValue, r.title, place].joined(separator: "\u{1F}")
    }
}
