import OopsCore

/// A fault at the struct page of a slab poison: kfree(), virt_to_page() or virt_to_folio() of a
/// pointer read out of poisoned memory computes `vmemmap + (p >> PAGE_SHIFT) * sizeof(struct
/// page)` before it touches anything, so the address that faults is the poison shifted right by
/// the page shift and left by 6 (a 64-byte struct page), not the poison itself (seen on arm64:
/// `kfree+0x5c` at 0x1adadadadadad88 with 0x6b6b… in x20).
struct PoisonPage: Equatable {
    /// The poison the pointer held (``KernelConstants/slubFreePoison`` or ``KernelConstants/slubInUsePoison``).
    let poison: UInt64
    /// The field of the struct page read, below 64.
    let offset: UInt64
    /// 4, 16 or 64 KiB.
    let pageKiB: Int

    /// The match for fault address `a`, compared in its low 56 bits (the FAR of a data abort
    /// may lose the top byte, as TBI clears it).
    static func of(_ a: UInt64) -> PoisonPage? {
        let low: UInt64 = 0x00ff_ffff_ffff_ffff
        for poison in [KernelConstants.slubFreePoison, KernelConstants.slubInUsePoison] {
            for shift in [12, 14, 16] {
                let page = ((poison >> UInt64(shift)) << 6) & low
                let d = (a & low) &- page
                if d < 64 { return PoisonPage(poison: poison, offset: d, pageKiB: 1 << (shift - 10)) }
            }
        }
        return nil
    }
}
