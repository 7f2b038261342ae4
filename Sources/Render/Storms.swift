import OopsCore

/// A storm's repeats (``Report/repeatOf``) gathered under its first report, for the renderers
/// that print a whole input at once (`oopsy report`): the first in full, the repeats as one
/// sentence.
public enum Storms {
    /// The reports that are no repeat, each with its storm's repeats, in input order.
    public static func group(_ reports: [Report]) -> [(report: Report, repeats: [Report])] {
        var repeats: [Int: [Report]] = [:]
        for r in reports { if let root = r.repeatOf { repeats[root, default: []].append(r) } }
        return reports.filter { $0.repeatOf == nil }.map { ($0, repeats[$0.id] ?? []) }
    }

    /// What a repeat of a storm changed: an IOMMU fault's IOVA, else the fault address
    /// (`("IOVA", 0x…)`), nil when neither is known.
    public static func changed(_ r: Report) -> (name: String, value: Hex64)? {
        if let iova = r.iommu?.iova { return ("IOVA", iova) }
        return r.fault?.address.map { ("address", $0) }
    }

    /// `The same fault again 19 more times: lines 110, 112, … (IOVAs 0x…, …).`
    public static func sentence(_ repeats: [Report]) -> String? {
        guard !repeats.isEmpty else { return nil }
        let shown = 12
        func list(_ items: [String]) -> String {
            items.prefix(shown).joined(separator: ", ") + (items.count > shown ? ", …" : "")
        }
        let lines = repeats.map { "\($0.lines.first)" }
        let iovas = repeats.compactMap { $0.iommu?.iova?.description }
        let addresses = repeats.compactMap { $0.fault?.address?.description }
        var s = "The same fault again \(repeats.count) more time\(repeats.count == 1 ? "" : "s"): line\(lines.count == 1 ? "" : "s") \(list(lines))"
        if !iovas.isEmpty { s += " (IOVA\(iovas.count == 1 ? "" : "s") \(list(iovas)))" }
        else if !addresses.isEmpty { s += " (address\(addresses.count == 1 ? "" : "es") \(list(addresses)))" }
        return s + "."
    }
}
