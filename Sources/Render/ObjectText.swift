import OopsCore

/// The checked object of a KASAN/KFENCE report in words, for the text and Markdown printers:
/// its cache and place, and its allocation and free stacks from the caller of the allocator on.
public enum ObjectText {
    /// `kmalloc-512, 512 bytes at 0xffff… · the access 184 bytes inside it`.
    public static func place(_ o: CheckedObject) -> String? {
        var parts: [String] = []
        var what = o.cache ?? "object"
        if let size = o.size { what += ", \(size) bytes" }
        if let a = o.address { what += " at \(a)" }
        if o.cache != nil || o.size != nil || o.address != nil { parts.append(what) }
        if let place = o.accessPlace(against: "it") { parts.append("the access " + place) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    /// `task 1: hym8563_probe ← i2c_device_probe ← really_probe ← …`.
    public static func stack(_ s: ObjectStack, frames shown: Int = 4) -> String {
        let from = s.fromCaller
        var text = (s.pid.map { "task \($0)" } ?? "task ?") + ": " + from.prefix(shown).joined(separator: " ← ")
        if from.count > shown { text += " …" }
        return text
    }
}
