/// What a memory checker (KASAN, KFENCE) printed about the object a bad access hit: where it
/// is, its slab cache, where the access fell in it, and who allocated and freed it — the
/// stacks an engineer reads first on a use-after-free.
public struct CheckedObject: Codable, Sendable, Equatable {
    /// The object's first byte (`The buggy address belongs to the object at ffff…`).
    public var address: Hex64?
    /// Its slab cache (`which belongs to the cache kmalloc-512 of size 512`).
    public var cache: String?
    /// Its size in bytes.
    public var size: Int?
    /// How far the access fell from it (`184 bytes inside of`, `8 bytes to the right of`).
    public var offset: Int?
    /// `inside`, `right` (past its end) or `left` (before its start).
    public var relation: String?
    /// The stack that allocated it (`Allocated by task 1:`).
    public var allocated: ObjectStack?
    /// The stack that freed it (`Freed by task 1:`).
    public var freed: ObjectStack?

    public init() {}

    /// Where the access fell, against `object` (how the sentence names it): `184 bytes inside
    /// it`, `8 bytes past the end of it`, `8 bytes before it`.
    public func accessPlace(against object: String) -> String? {
        guard let offset, let relation else { return nil }
        switch relation {
        case "inside": return "\(offset) bytes inside \(object)"
        case "right": return "\(offset) bytes past the end of \(object)"
        case "left": return "\(offset) bytes before \(object)"
        default: return nil
        }
    }
}

/// A stack a memory checker recorded for an object: the task and its frames, innermost first.
public struct ObjectStack: Codable, Sendable, Equatable {
    public var pid: Int?
    public var frames: [Frame]

    public init(pid: Int?, frames: [Frame] = []) {
        self.pid = pid
        self.frames = frames
    }
}

extension ObjectStack {
    /// The detector's and the allocator's own frames, which every such stack begins with
    /// (KASAN's `kasan_save_stack`, `__kasan_kmalloc`, `kmem_cache_alloc`, kmemleak's
    /// `kmemleak_alloc`, devres' `devm_kmalloc` and `release_nodes`, mempool's and the page
    /// allocator's …). Prefixes of mm/'s own names only: a driver's `foo_alloc` is a caller.
    static let machinery = ["kasan_", "__kasan_", "____kasan_", "kfence_", "__kfence_", "stack_trace_save", "save_stack", "set_track",
                            "kmemleak_", "create_object", "__create_object",
                            "kmem_cache_alloc", "kmem_cache_free", "__kmem_cache_", "kmalloc", "__kmalloc", "__do_kmalloc", "kfree",
                            "slab_alloc", "slab_pre_alloc", "slab_post_alloc", "slab_free", "__slab_", "___slab_",
                            "____cache_alloc", "___cache_free", "__cache_free", "kvfree", "kvmalloc", "__kvmalloc", "kzalloc",
                            "kcalloc", "krealloc", "__krealloc", "kmemdup", "kstrdup", "kstrndup", "kvasprintf", "kasprintf",
                            "memdup_user", "strndup_user", "vmalloc", "__vmalloc", "vzalloc", "alloc_pages", "__alloc_pages",
                            "__get_free_pages", "get_zeroed_page", "pcpu_alloc", "__alloc_percpu",
                            "devm_k", "devres_alloc", "release_nodes", "devres_release", "mempool_"]

    /// The stack's functions from the allocator's (or freer's) caller on, compiler suffixes
    /// stripped; the whole stack when it is nothing but such frames.
    public var fromCaller: [String] {
        let names = frames.map { Frame.stripCompilerSuffixes($0.baseSymbol) }
        let caller = names.drop(while: Self.isMachinery)
        return caller.isEmpty ? names : Array(caller)
    }

    /// The allocator's (or freer's) caller; nil when the stack shows none.
    public var caller: String? {
        frames.lazy.map { Frame.stripCompilerSuffixes($0.baseSymbol) }.first { !Self.isMachinery($0) }
    }

    static func isMachinery(_ name: String) -> Bool { machinery.contains { name.hasPrefix($0) } }
}

/// JSON gives the stack's ``caller`` beside its frames, so a reader need not know which frames
/// are the allocator's.
extension ObjectStack {
    enum CodingKeys: String, CodingKey { case pid, frames, caller }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(pid: try c.decodeIfPresent(Int.self, forKey: .pid), frames: try c.decode([Frame].self, forKey: .frames))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(pid, forKey: .pid)
        try c.encode(frames, forKey: .frames)
        try c.encodeIfPresent(caller, forKey: .caller)
    }
}
