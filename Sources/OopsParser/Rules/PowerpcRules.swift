import OopsCore

/// powerpc's fault messages and die() header (arch/powerpc/mm/fault.c, kernel/traps.c),
/// 4.x → 6.x. The architecture stays `unknown` in the record (SCHEMA names arm64 and x86_64
/// only); the fault's address and access, the die count and the pc are read. NIP/LR lines
/// are ``Arm64Rules``' (their wording is shared).
enum PowerpcRules {
    static let rules: [LineRule] = [
        // 5.x+: `BUG: Kernel NULL pointer dereference on read at 0x00000000` (the DAR below a
        // page), `BUG: Unable to handle kernel data access on write at 0xc04a…`, and without
        // `on …` for segment faults.
        LineRule("powerpc-fault", "BUG: ", #"BUG: (?:Kernel NULL pointer dereference|Unable to handle kernel data access|Unable to handle kernel unaligned access|Unable to handle unknown paging fault)(?: on (read|write|execute))? at (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in
                f.address = f.address ?? m.hex(2).map { Hex64($0) }
                f.access = f.access ?? access(m.string(1))
            }
            return true
        },
        LineRule("powerpc-fault", "BUG: Unable to handle kernel instruction fetch") { b, _ in
            b.withFault { f in f.access = f.access ?? .exec }
            return true
        },
        // ≤4.x: `Unable to handle kernel paging request for data at address 0x…`, `… for
        // unaligned access at address 0x…`, `… for instruction fetch`.
        LineRule("powerpc-fault", "Unable to handle kernel paging request for ", #"Unable to handle kernel paging request for (?:(instruction fetch)|.*? at address (?:0x)?([0-9a-fA-F]+))"#) { b, m in
            b.withFault { f in
                if m.has(1) { f.access = f.access ?? .exec }
                f.address = f.address ?? m.hex(2).map { Hex64($0) }
            }
            return true
        },
        // The pc (NIP) at the fault; for an instruction fetch, the address that faulted.
        LineRule("powerpc-fault", "Faulting instruction address: ", #"Faulting instruction address: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.mergeAddress(of: \.pc, m.hex(1))
            if b.report.fault?.access == .exec, let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            return true
        },
        // die(): `Oops: Kernel access of bad area, sig: 11 [#1]`, `Oops: Exception in kernel
        // mode, sig: 5 [#1]` (a BUG()).
        LineRule("powerpc-die", "Oops: ", PowerpcRules.die) { b, m in
            if b.report.oops == nil {
                b.report.oops = OopsHeader(esr: nil, count: m.int(3), flags: [], reason: m.string(1))
            }
            return true
        },
    ]

    /// die()'s header: the reason, the signal, the count.
    static let die = #"Oops: ([A-Za-z][^,\[]{2,60}), sig: (\d+) \[#(\d+)\]"#

    static func access(_ word: String?) -> Access? {
        switch word {
        case "read": return .read
        case "write": return .write
        case "execute": return .exec
        default: return nil
        }
    }
}
