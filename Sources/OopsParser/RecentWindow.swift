/// The last `capacity` keys noted, kept as a multiset so that memory stays flat on any input:
/// whether a key was among them (a record seen again, a stamp a report already printed).
struct RecentWindow<Key: Hashable> {
    let capacity: Int
    private var ring: [Key] = []
    private var next = 0
    private var counts: [Key: Int] = [:]

    init(capacity: Int) { self.capacity = capacity }

    var isEmpty: Bool { ring.isEmpty }

    func contains(_ key: Key) -> Bool { counts[key] != nil }

    /// Notes `key`, forgetting the oldest once the window is full.
    mutating func note(_ key: Key) {
        if ring.count < capacity {
            ring.append(key)
        } else {
            let old = ring[next]
            if let c = counts[old] { counts[old] = c > 1 ? c - 1 : nil }
            ring[next] = key
            next = (next + 1) % capacity
        }
        counts[key, default: 0] += 1
    }

    mutating func removeAll() {
        ring.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        next = 0
    }
}
