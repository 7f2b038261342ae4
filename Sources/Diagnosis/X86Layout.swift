/// The x86-64 kernel address map (4-level paging, Documentation/arch/x86/x86_64/mm.rst): the
/// regions a fault address is checked against.
enum X86Layout {
    /// The guard hole and the PTI LDT remap, below the direct map at 0xffff888000000000:
    /// nothing a kernel pointer should point into.
    static let guardHole: Range<UInt64> = 0xffff8000_00000000 ..< 0xffff8880_00000000
}
