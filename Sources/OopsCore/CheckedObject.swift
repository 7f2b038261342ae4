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
