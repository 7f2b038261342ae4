import OopsCore

/// ia64's fault and die() lines (arch/ia64/mm/fault.c, kernel/process.c show_regs()), kernels up
/// to 6.6. The architecture stays `unknown` in the record (SCHEMA names arm64 and x86_64 only);
/// the address and the pc are read.
enum Ia64Rules {
    static let rules: [LineRule] = [
        // `Unable to handle kernel NULL pointer dereference (address 0000000000001688)`, `… paging
        // request at virtual address …` is arm64's and read there.
        LineRule("ia64-fault", "Unable to handle kernel ", #"Unable to handle kernel (?:NULL pointer dereference|paging request) \(address ([0-9a-fA-F]+)\)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        // show_regs(): `ip is at __alloc_pages_nodemask+0x281/0x17a0` (the bundle's slot in the
        // low bits of the offset).
        Arm64Rules.symbolLine("ia64-ip", "ip is at ", \.pc),
    ]
}
