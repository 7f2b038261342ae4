import OopsCore

/// The spellings of a stack frame (`sym+0x7c/0x2c8 [mod]`, `[<ffff…>] sym+0x7c/0x2c8`,
/// x86 `? sym+0x1/0x2`, powerpc `[sp] [pc] sym+0x1/0x2 (unreliable)`, syzkaller's symbolized
/// `sym file.c:12 [inline]`, a bare address). `? ` and `(unreliable)` frames are unreliable.
public enum FrameSyntax {
    // 1 address, 2 "? ", 3 symbol, 4 offset, 5 size, 6 module, 7 module without brackets,
    // 8 (P)/(L) marker, 9 "(unreliable)".
    // powerpc prints the stack pointer before the pc: `[c00000003ae5b800] [c00000000135c19c] sym+…`;
    // scripts/decode_stacktrace.sh prints a module's frame it could not decode without the
    // brackets (`ufs_qcom_setup_clocks+0x28/0x148 ufs_qcom (P)`): a last word alone.
    // `%p` before the pointer-hashing key is ready prints `(ptrval)` in place of the address
    // (4.15+; `[<(ptrval)>] sym+0x34/0x48` early in boot on arches that print frames with `%p`).
    static let symbolic = Pattern(
        #"(?:\[<?[0-9a-fA-F]{1,16}>?\]\s+(?=\[))?(?:\[<?(?:([0-9a-fA-F]{1,16})|\(ptrval\))>?\]\s+)?(\?\s+)?([^\s+\[\]()<>]+)\+0x([0-9a-fA-F]{1,16})(?:/0x([0-9a-fA-F]{1,16}))?(?:\s+\[([^\]\s]+)\]|\s+([A-Za-z_]\w*)(?=\s*(?:\([PL]\)\s*)?$))?(?:\s+\(([PL])\))?(?:.*(\(unreliable\)))?"#,
        .anchored)
    // 1 address, 2 "? ", 3 symbol — syzkaller-symbolized inline frames have no offset.
    static let inlined = Pattern(#"(?:\[<([0-9a-fA-F]{1,16})>\]\s+)?(\?\s+)?([A-Za-z_][\w.$]*) \S+:\d+(?::\d+)? \[inline\]"#, .anchored)
    // 1 "? ", 2 symbol, 3 module, 4 (P)/(L) marker — scripts/decode_stacktrace.sh replaces `sym+0x…/0x…` by the
    // source lines: `build_sched_domains (kernel/sched/topology.c:1872 kernel/sched/topology.c:1288)`;
    // addr2line adds `(discriminator N)` to a line that holds several basic blocks, and prints
    // `file:?` where the debug info has no line.
    static let decodedLocation = #"[^()\s]+:(?:\d+(?::\d+)?|\?)(?: \(discriminator \d+\))?"#
    static let decoded = Pattern(#"(\?\s+)?([A-Za-z_][\w.$]*) \("# + decodedLocation + #"(?: "# + decodedLocation
                                 + #")*\)(?:\s+\[?([\w-]+)\]?)?(?:\s+\(([PL])\))?\s*$"#, .anchored)
    // 1 address in brackets, 2 bare address: `0x` and any width (`pc : 0x0`, a jump to NULL),
    // or 8 to 16 digits.
    static let addressOnly = Pattern(#"(?:\[<([0-9a-fA-F]{1,16})>\]\s+)?(0x[0-9a-fA-F]{1,16}|[0-9a-fA-F]{8,16})\s*$"#, .anchored)

    // 1 callee, 2 the caller's frame — 32-bit arm since 5.x: `callee from caller+0x10/0x14`.
    static let arm32From = Pattern(#"\s*([A-Za-z_][\w.]*) from ([A-Za-z_][\w.]*\+0x[0-9a-fA-F]+/0x[0-9a-fA-F]+(?: \[[^\]\s]+\])?)\s*$"#, .anchored)

    /// 32-bit arm's `callee from caller+0x10/0x14` (its header is `Call trace:`, as arm64's): the
    /// callee, printed bare, and the caller's return site, the frame.
    public static func parseArm32From(_ bytes: UnsafeRawBufferPointer, scratch: MatchScratch) -> (callee: String, caller: Frame)? {
        guard arm32From.matches(bytes, in: scratch), let callee = scratch.string(1, in: bytes), let r = scratch.range(2) else { return nil }
        guard let caller = parse(UnsafeRawBufferPointer(rebasing: bytes[r]), scratch: scratch) else { return nil }
        return (callee, caller)
    }

    /// A frame led by an address in brackets that a 64-bit kernel cannot print: 8 digits, or
    /// `%p`'s `(ptrval)` (arm64 and x86-64 print frames with `%pS` alone or all 16 digits;
    /// OpenRISC and sh print `[<%p>]` after their own `Call trace:`).
    public static func hasNarrowAddress(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 4, bytes[0] == UInt8(ascii: "["), bytes[1] == UInt8(ascii: "<"),
              let close = bytes.firstIndex(of: UInt8(ascii: ">")) else { return false }
        let inside = bytes[2..<close]
        if inside.elementsEqual("(ptrval)".utf8) { return true }
        return inside.count == 8 && inside.allSatisfy { ByteText.isHexDigit($0) }
    }

    /// Parses a frame at the start of `bytes`; nil when it is not one.
    public static func parse(_ bytes: UnsafeRawBufferPointer, scratch: MatchScratch) -> Frame? {
        if symbolic.matches(bytes, in: scratch) {
            guard let symbol = scratch.string(3, in: bytes) else { return nil }
            var f = Frame(symbol: symbol)
            f.address = scratch.hex(1, in: bytes).map { Hex64($0) }
            f.offset = scratch.hex(4, in: bytes).map { Hex64($0) }
            f.size = scratch.hex(5, in: bytes).map { Hex64($0) }
            f.module = scratch.string(6, in: bytes) ?? scratch.string(7, in: bytes)
            f.reliable = scratch.range(2) == nil && scratch.range(9) == nil
            f.marker = scratch.string(8, in: bytes)
            // A copy that lost the marker's parentheses (`ct_kernel_exit+0x80/0x8c P`): no
            // module is named P or L.
            if f.marker == nil, scratch.range(6) == nil, let m = f.module, m == "P" || m == "L" { f.marker = m; f.module = nil }
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
            f.marker = scratch.string(4, in: bytes)
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

    /// A pc or lr printed as a symbol alone (`pc : percpu_ref_put_many.constprop.0`,
    /// `RIP: 0010:addrconf_add_ifaddr`: decode_stacktrace.sh replaced the offset by a location
    /// list a mail client wrapped onto lines of its own), or decoded with its source lines cut
    /// short (`pc : vma_merge (mm/mmap.c:952 (discriminator 1)` when a mail client wrapped the
    /// list and a reply was written into it): the symbol is still the function.
    public static func bareSymbol(_ s: UnsafeRawBufferPointer) -> Frame? {
        var t = ByteText.trimTrailingBlanks(s)
        if let space = t.firstIndex(of: 0x20), space + 2 < t.count, t[space + 1] == UInt8(ascii: "("),
           let colon = t[(space + 2)...].firstIndex(of: UInt8(ascii: ":")), colon + 1 < t.count,
           t[colon + 1] &- 0x30 < 10 || t[colon + 1] == UInt8(ascii: "?"),
           !t[(space + 2)..<colon].contains(where: { $0 == 0x20 || $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: ")") }) {
            t = UnsafeRawBufferPointer(rebasing: t[..<space])
        }
        guard let first = t.first, ByteText.isLetter(first) || first == UInt8(ascii: "_"),
              t.allSatisfy({ ByteText.isLetter($0) || $0 &- 0x30 < 10 || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") })
        else { return nil }
        return Frame(symbol: ByteText.string(t))
    }
}
