import OopsCore

/// The spellings of a stack frame (`sym+0x7c/0x2c8 [mod]`, `[<ffff…>] sym+0x7c/0x2c8`,
/// x86 `? sym+0x1/0x2`, powerpc `[sp] [pc] sym+0x1/0x2 (unreliable)`, syzkaller's symbolized
/// `sym file.c:12 [inline]`, a bare address). `? ` and `(unreliable)` frames are unreliable.
public enum FrameSyntax {
    // 1 address, 2 "? ", 3 symbol, 4 offset, 5 size, 6 module, 7 (P)/(L) marker, 8 "(unreliable)".
    // powerpc prints the stack pointer before the pc: `[c00000003ae5b800] [c00000000135c19c] sym+…`.
    static let symbolic = Pattern(
        #"(?:\[<?[0-9a-fA-F]{1,16}>?\]\s+(?=\[))?(?:\[<?([0-9a-fA-F]{1,16})>?\]\s+)?(\?\s+)?([^\s+\[\]()<>]+)\+0x([0-9a-fA-F]{1,16})(?:/0x([0-9a-fA-F]{1,16}))?(?:\s+\[([^\]\s]+)\])?(?:\s+\(([PL])\))?(?:.*(\(unreliable\)))?"#,
        .anchored)
    // 1 address, 2 "? ", 3 symbol — syzkaller-symbolized inline frames have no offset.
    static let inlined = Pattern(#"(?:\[<([0-9a-fA-F]{1,16})>\]\s+)?(\?\s+)?([A-Za-z_][\w.$]*) \S+:\d+(?::\d+)? \[inline\]"#, .anchored)
    // 1 "? ", 2 symbol, 3 module — scripts/decode_stacktrace.sh replaces `sym+0x…/0x…` by the
    // source lines: `build_sched_domains (kernel/sched/topology.c:1872 kernel/sched/topology.c:1288)`;
    // addr2line adds `(discriminator N)` to a line that holds several basic blocks, and prints
    // `file:?` where the debug info has no line.
    static let decodedLocation = #"[^()\s]+:(?:\d+(?::\d+)?|\?)(?: \(discriminator \d+\))?"#
    static let decoded = Pattern(#"(\?\s+)?([A-Za-z_][\w.$]*) \("# + decodedLocation + #"(?: "# + decodedLocation
                                 + #")*\)(?:\s+\[?([\w-]+)\]?)?\s*$"#, .anchored)
    // 1 address in brackets, 2 bare address: `0x` and any width (`pc : 0x0`, a jump to NULL),
    // or 8 to 16 digits.
    static let addressOnly = Pattern(#"(?:\[<([0-9a-fA-F]{1,16})>\]\s+)?(0x[0-9a-fA-F]{1,16}|[0-9a-fA-F]{8,16})\s*$"#, .anchored)

    /// Parses a frame at the start of `bytes`; nil when it is not one.
    public static func parse(_ bytes: UnsafeRawBufferPointer, scratch: MatchScratch) -> Frame? {
        if symbolic.matches(bytes, in: scratch) {
            guard let symbol = scratch.string(3, in: bytes) else { return nil }
            var f = Frame(symbol: symbol)
            f.address = scratch.hex(1, in: bytes).map { Hex64($0) }
            f.offset = scratch.hex(4, in: bytes).map { Hex64($0) }
            f.size = scratch.hex(5, in: bytes).map { Hex64($0) }
            f.module = scratch.string(6, in: bytes)
            f.reliable = scratch.range(2) == nil && scratch.range(8) == nil
            f.marker = scratch.string(7, in: bytes)
            return f
        }
        if inlined.matches(bytes, in: scratch) {
            guard let symbol = scratch.string(3, in: bytes) else { return nil }
            var f = Frame(symbol: symbol)
            f.address = scratch.hex(1, in: bytes).map { Hex64($0) }
            f.reliable = scratch.range(2) == nil
            f.marker = "inline"
            return f
        }
        if decoded.matches(bytes, in: scratch) {
            guard let symbol = scratch.string(2, in: bytes) else { return nil }
            var f = Frame(symbol: symbol)
            f.module = scratch.string(3, in: bytes)
            f.reliable = scratch.range(1) == nil
            return f
        }
        if addressOnly.matches(bytes, in: scratch) {
            guard let r = scratch.range(2), let value = scratch.hex(2, in: bytes) else { return nil }
            _ = r
            // `[<0000000015c44a38>] 0xffffffffdeadbeef`: the bracket is a hashed pointer (4.15+);
            // the address is the value printed where the symbol would be.
            var f = Frame(symbol: Hex64(value).description)
            f.address = Hex64(value)
            return f
        }
        return nil
    }
}
