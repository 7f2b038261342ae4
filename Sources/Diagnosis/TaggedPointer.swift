import OopsCore

/// An arm64 address whose top byte holds a pointer tag. The CPU ignores bits 63–56 when it
/// translates an address with Top Byte Ignore set: always for the user half on Linux, for the
/// kernel half under KASAN's tag-based modes and MTE. Such an address is outside both canonical
/// halves as a number, yet points at an ordinary object.
///
/// A log rarely says whether TBI was on; the fault does. A translation fault at level 3, or an
/// access-flag or permission fault, was found in a descriptor deeper than any level a walk can
/// start at, so the walk used the address with its top byte ignored. (Translation faults at
/// levels 1 and 2 are left alone: logs of kernels without TBI show them for such addresses too.)
/// Only the kernel half counts: a user-half address in a kernel fault is garbage, tag or not.
enum TaggedPointer {
    /// The tag of `address` when the report's fault shows the CPU ignored it, else nil.
    static func tag(of address: UInt64, in r: Report) -> UInt8? {
        guard r.arch == .arm64, address >> 55 & 1 == 1, let fsc = r.fault?.esrDecoded?.dfsc?.value,
              fsc == 0x07 || (0x09...0x0f).contains(fsc) else { return nil }
        // The tag is the top byte where it is not bit 55's sign extension (52-bit VA kernels'
        // `0xfff0…` addresses are untagged).
        let top = UInt8(address >> 56)
        return top == 0xff ? nil : top
    }
}
