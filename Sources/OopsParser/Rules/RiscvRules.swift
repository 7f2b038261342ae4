import OopsCore

/// RISC-V register dumps (`epc :`/`ra :`, the integer registers, `status: … badaddr: …
/// cause: …`). The architecture stays `unknown` in the record (SCHEMA names arm64 and
/// x86_64 only), but pc, lr, registers and the call trace are read: RISC-V prints its trace
/// right after `status:`, without a `Call Trace:` header.
enum RiscvRules {
    /// `gp : ffffffff89f9adc0 tp : ffffaf8014334f80 t0 : ffff8f8000fd7650`, `s10: …`, `ssp : …`.
    static let registerToken = Pattern(#"(ssp|[a-z]{1,2}[0-9]{0,2})\s*: ([0-9a-f]{16})\b"#)

    static let rules: [LineRule] = [
        LineRule("riscv-pc", "epc : ", #"epc : (.*)$"#) { b, m in
            b.machine.isUnnamedArch = true
            if let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch), !f.symbol.hasPrefix("0x") {
                b.report.pc = b.report.pc ?? f
            }
            registers(m.bytes, into: b)
            return true
        },
        LineRule("riscv-lr", "ra : ", #"ra : (.*)$"#) { b, m in
            if let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.report.lr = b.report.lr ?? f }
            return true
        },
        LineRule("riscv-registers", "", #"(?:ssp|[a-z]{1,2}[0-9]{0,2})\s*: [0-9a-f]{16}(?:\s|$)"#) { b, m in
            registers(m.bytes, into: b)
            return true
        },
        // RV64 prints 16 digits, RV32 8 (`status: 00000120 badaddr: a0000000 cause: 00000005`).
        LineRule("riscv-status", "status: ", #"status: ([0-9a-f]{16}|[0-9a-f]{8}) badaddr: ([0-9a-f]{16}|[0-9a-f]{8}) cause: ([0-9a-f]{16}|[0-9a-f]{8})\b"#) { b, m in
            b.machine.isUnnamedArch = true
            for (i, name) in ["status", "badaddr", "cause"].enumerated() {
                if let v = m.hex(i + 1) { b.setRegister(name, v) }
            }
            // stval holds the data address of a load or store fault (misaligned, access or
            // page fault: causes 4–7, 13, 15); for other traps it holds something else (the
            // instruction bits of an illegal instruction).
            if let cause = m.hex(3), Self.dataFaultCauses.contains(cause), let a = m.hex(2) {
                b.withFault { f in f.address = f.address ?? Hex64(a) }
            }
            b.beginTrace()
            return true
        },
        // The status line cut to its middle field by a writer (`badaddr: ffffffc800405010`
        // under `Oops - store (or AMO) access fault [#1]` and `epc :`): the die() reason names a
        // load or store, so stval holds its data address.
        LineRule("riscv-status", "badaddr: ", #"badaddr: ([0-9a-f]{16}|[0-9a-f]{8})\s*$"#) { b, m in
            guard let a = m.hex(1) else { return true }
            b.machine.isUnnamedArch = true
            b.setRegister("badaddr", a)
            if Self.dataFaultReasons.contains(where: { b.report.message.hasPrefix($0) }) {
                b.withFault { f in f.address = f.address ?? Hex64(a) }
            }
            return true
        },
    ]

    /// die()'s reasons for the data-access traps (arch/riscv/kernel/traps.c).
    static let dataFaultReasons = ["Oops - load ", "Oops - store "]

    /// scause values of data accesses (the privileged spec's exception codes).
    static let dataFaultCauses: Set<UInt64> = [4, 5, 6, 7, 13, 15]

    static func registers(_ bytes: UnsafeRawBufferPointer, into b: ReportBuilder) {
        RegisterTokens.forEach(registerToken, in: bytes, scratch: b.scratch) { name, value, _ in
            guard let v = value else { return }
            switch name {
            case "epc": break
            case "sp": b.report.sp = b.report.sp ?? Hex64(v)
            default: b.setRegister(name, v)
            }
        }
    }
}
