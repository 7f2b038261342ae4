import OopsCore

/// An arm64 address whose top byte holds a pointer tag. The CPU ignores bits 63–56 when it
/// translates an address with Top Byte Ignore set: always for the user half on Linux, for the
/// kernel half under KASAN's tag-based modes and MTE. Such an address is outside both canonical
/// halves as a number, yet points at an ordinary object.
///
/// A log rarely says whether TBI was on; the fault does. An address the CPU cannot translate
/// faults at the walk's initial level (level 0, 1 or 2 by page size and VA bits), so a
/// translation fault at level 3, or an access-flag or permission fault (found in a
/// descriptor), proves the walk used the address with its top byte ignored.
enum TaggedPointer {
    /// The tag of `address` when the report's fault shows the CPU ignored it, else nil.
    static func tag(of address: UInt64, in r: Report) -> UInt8? {
        guard r.arch == .arm64, let fsc = r.fault?.esrDecoded?.dfsc?.value,
              fsc == 0x07 || (0x09...0x0b).contains(fsc) || (0x0c...0x0f).contains(fsc) else { return nil }
        let top = UInt8(address >> 56), half = (address >> 48) & 0xff
        // Bits 55–48 must already be one half's sign extension: the tag is the top byte alone.
        guard half == 0 && top != 0 || half == 0xff && top != 0xff else { return nil }
        return top
    }
}
