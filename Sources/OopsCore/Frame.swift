/// One frame of a call trace, or the `pc`/`lr` of a register dump, as the kernel printed it.
public struct Frame: Codable, Sendable, Hashable {
    /// The symbol exactly as printed (`really_probe.part.0`), or the raw address in hex when the
    /// kernel printed no symbol.
    public var symbol: String
    public var offset: Hex64?
    public var size: Hex64?
    /// The module, as printed without brackets (`msm`); nil for the core kernel.
    public var module: String?
    /// The address printed with the frame (`[<ffff000008085a3c>]`), PAC bits stripped.
    public var address: Hex64?
    /// False for x86 `? ` frames and arm64 frames the kernel marks as unreliable.
    public var reliable: Bool
    /// arm64 ≥ 6.x marks frames with `(P)` (from pc) or `(L)` (from lr); x86 none.
    public var marker: String?
    /// The stack section the frame was printed in (`irq`, `task`, `nmi`, `softirq`, `exception`),
    /// from `<IRQ>`/`<TASK>`-style markers; nil when the kernel printed none.
    public var section: String?
    /// The kernel reporting the crash, not the crash: the frames of `dump_stack()`, a
    /// sanitizer's report, BUG/WARN handling and arm64's exception entry that a trace begins
    /// with (`dump_backtrace`, `kasan_report`, `__warn`, `el1h_64_sync` …). True, or absent.
    public var machinery: Bool?

    public init(symbol: String, offset: Hex64? = nil, size: Hex64? = nil, module: String? = nil,
                address: Hex64? = nil, reliable: Bool = true, marker: String? = nil, section: String? = nil) {
        self.symbol = symbol
        self.offset = offset
        self.size = size
        self.module = module
        self.address = address
        self.reliable = reliable
        self.marker = marker
        self.section = section
    }

    /// `sym+0x7c/0x2c8 [mod]`, the kernel's own spelling.
    public var printed: String {
        var s = symbol
        if let offset {
            s += "+" + offset.description
            if let size { s += "/" + size.description }
        }
        if let module { s += " [" + module + "]" }
        return s
    }

    /// The symbol without compiler suffixes (`.part.7`, `.isra.0`, `.constprop.3`, `.cold`,
    /// `.llvm.123`), so frames of different builds compare equal.
    public var baseSymbol: String { Frame.stripCompilerSuffixes(symbol) }

    /// The symbol part of `sym+0x10/0x20` (or the text itself when it has no offset).
    public static func parseSymbol(_ text: String) -> String {
        if let plus = text.firstIndex(of: "+") { return String(text[..<plus]) }
        return text
    }

    public static func stripCompilerSuffixes(_ symbol: String) -> String {
        let name = withoutDescriptorDot(symbol)
        let u = name.utf8
        guard let dot = u.firstIndex(of: UInt8(ascii: ".")), dot != u.startIndex else { return name }
        return String(Substring(u[..<dot]))
    }

    /// powerpc64's ELFv1 names a function's code `.memset` (`memset` is its descriptor): the
    /// function is `memset`.
    public static func withoutDescriptorDot(_ symbol: String) -> String {
        let u = symbol.utf8
        guard u.count > 1, u.first == UInt8(ascii: "."), let c = u.dropFirst().first,
              (c | 0x20) &- 0x61 < 26 || c == UInt8(ascii: "_") else { return symbol }
        return String(Substring(u.dropFirst()))
    }

    enum CodingKeys: String, CodingKey {
        case symbol, offset, size, module, address, reliable, marker, section, machinery
    }
}
