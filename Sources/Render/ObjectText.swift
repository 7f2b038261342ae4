import OopsCore

/// The checked object of a KASAN/KFENCE report in words, for the text and Markdown printers:
/// its cache and place, and its allocation and free stacks from the caller of the allocator on.
public enum ObjectText {
    /// `kmalloc-512, 512 bytes at 0xffff… · the access 184 bytes inside`.
    public static func place(_ o: CheckedObject) -> String? {
        var parts: [String] = []
        var what = o.cache ?? "object"
        if let size = o.size { what += ", \(size) bytes" }
        if let a = o.address { what += " at \(a)" }
        if o.cache != nil || o.size != nil || o.address != nil { parts.append(what) }
        if let off = o.offset, let rel = o.relation {
            switch rel {
            case "inside": parts.append("the access \(off) bytes inside")
            case "right": parts.append("the access \(off) bytes past its end")
            case "left": parts.append("the access \(off) bytes before its start")
            default: break
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// The checker's own frames and the allocator's, which every such stack begins with.
    static let machinery = ["kasan_", "__kasan_", "____kasan_", "kfence_", "__kfence_", "stack_trace_save", "save_stack", "set_track",
                            "kmem_cache_alloc", "kmem_cache_free", "__kmem_cache_", "kmalloc", "__kmalloc", "kfree", "slab_", "__slab_",
                            "___slab_", "____cache_alloc", "___cache_free", "__cache_free", "kvfree", "kvmalloc", "kzalloc", "krealloc"]

    /// `task 1: devm_kmalloc ← hym8563_probe ← i2c_device_probe ← really_probe …`.
    public static func stack(_ s: ObjectStack, frames shown: Int = 4) -> String {
        let names = s.frames.map { Frame.stripCompilerSuffixes($0.baseSymbol) }
        let caller = names.drop { n in machinery.contains { n.hasPrefix($0) } }
        let from = caller.isEmpty ? names[...] : caller
        var text = (s.pid.map { "task \($0)" } ?? "task ?") + ": " + from.prefix(shown).joined(separator: " ← ")
        if from.count > shown { text += " …" }
        return text
    }
}
