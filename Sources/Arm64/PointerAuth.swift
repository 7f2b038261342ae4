/// Pointer-authentication codes live in the unused top bits of a pointer (between the VA size
/// and bit 55, and bits 63:56 when TBI is off). A signed kernel address (an `lr` from a
/// PAC-enabled kernel, a raw x30) is stripped back to the canonical form before it is compared
/// or symbolized: bit 55 selects the half, and every bit above the VA size copies it.
public enum PointerAuth {
    /// The canonical address, assuming `vaBits` (48 unless the log shows 52/39).
    public static func strip(_ address: UInt64, vaBits: Int = 48) -> UInt64 {
        let upper = (address >> 55) & 1 == 1
        let mask: UInt64 = ~((1 << UInt64(vaBits)) - 1)
        return upper ? address | mask : address & ~mask
    }

    /// True when `address` is not canonical for `vaBits` but becomes canonical when stripped:
    /// it carries a PAC (or a tag).
    public static func isSigned(_ address: UInt64, vaBits: Int = 48) -> Bool {
        strip(address, vaBits: vaBits) != address
    }
}
