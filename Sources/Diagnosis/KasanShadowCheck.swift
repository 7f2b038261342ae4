import OopsCore

/// The access a KASAN inline check guarded, read back from a fault on the check itself: the
/// compiler puts `addr >> 3` in one register and KASAN_SHADOW_OFFSET in another and reads the
/// shadow byte at their sum. A fault there is on the shadow, so the report's address says
/// nothing directly; `addr` is the shifted register << 3, to within the 8 bytes a shadow byte
/// covers.
public struct KasanCheckedAccess: Equatable, Sendable {
    public let range: ClosedRange<UInt64>
    /// The register holding `addr >> 3`, and the one holding the shadow offset.
    public let shifted: String
    public let offset: String
    public let instruction: String
    /// The instruction that shifted the address, when the address itself is known from it.
    public var source: String? = nil

    /// What the check says, for an evidence row: `the faulting instruction is KASAN's shadow
    /// check (…): the checked address is x2 << 3 = 0x…`.
    public var fact: String {
        let address = source.map { "\(offsets(range)) (`\($0)` made \(shifted) from it)" } ?? "\(shifted) << 3 = \(offsets(range))"
        return "the faulting instruction is KASAN's shadow check (\(instruction), \(offset) = KASAN_SHADOW_OFFSET): the checked address is \(address)"
    }
}

/// The checks each architecture's compiler emits (``X86KasanCheck``, ``Arm64KasanCheck``).
public enum KasanShadowCheck {
    public static func access(_ r: Report) -> KasanCheckedAccess? {
        X86KasanCheck.access(r) ?? Arm64KasanCheck.access(r)
    }

    /// The access behind a fault on KASAN's shadow: the range the kernel printed (`KASAN:
    /// … in range […]`) or the one the check's registers give; with the sentence that says so.
    static func checked(_ r: Report) -> (range: ClosedRange<UInt64>, fact: String)? {
        if let range = kasanRange(r) { return (range, "KASAN decodes the faulting (shadow) address as an access at \(offsets(range))") }
        if let c = access(r) { return (c.range, c.fact) }
        return nil
    }
}
