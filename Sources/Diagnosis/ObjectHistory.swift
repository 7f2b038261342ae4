import OopsCore

/// What a KASAN/KFENCE report says of the object its bad access hit, as a sentence of the
/// diagnosis: which object, where the access fell, and the functions that allocated and freed
/// it (``ObjectStack/caller``), only as far as the report printed them.
struct ObjectHistory {
    let fact: String
    let sentence: String

    init?(_ o: CheckedObject) {
        let allocated = o.allocated?.caller, freed = o.freed?.caller
        var object = "the object"
        if let cache = o.cache { object += " (\(cache)" + (o.size.map { ", \($0) bytes" } ?? "") + ")" }
        var parts: [String] = []
        if let place = o.accessPlace(against: object) { parts.append("the access fell " + place) }
        var history: [String] = []
        if let allocated { history.append("allocated in \(allocated)" + (o.allocated?.pid.map { " (task \($0))" } ?? "")) }
        if let freed { history.append("freed in \(freed)" + (o.freed?.pid.map { " (task \($0))" } ?? "")) }
        if !history.isEmpty { parts.append("it was " + history.joined(separator: ", ")) }
        guard !parts.isEmpty else { return nil }
        let text = parts.joined(separator: "; ")
        sentence = text.prefix(1).uppercased() + text.dropFirst() + "."
        fact = "the detector's record of the object: " + text
    }
}
