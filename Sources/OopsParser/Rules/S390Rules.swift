import OopsCore

/// s390's fault and die() lines (arch/s390/mm/fault.c, kernel/dumpstack.c). The architecture
/// stays `unknown` in the record (SCHEMA names arm64 and x86_64 only); the failing address, the
/// pc from the PSW and the die count are read.
enum S390Rules {
    static let rules: [LineRule] = [
        // `Failing address: 0000000000000000 TEID: 0000000000000483`: the page of the access (the
        // TEID keeps only its page bits), recorded as printed.
        LineRule("s390-fault", "Failing address: ", #"Failing address: ([0-9a-fA-F]+) TEID: "#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        // `Krnl PSW : 0704d00180000000 00000000cde29f70 (__kernel_write+0x1a0/0x2a0)`.
        LineRule("s390-psw", "Krnl PSW : ", #"Krnl PSW : [0-9a-fA-F]+ ([0-9a-fA-F]+) \((.+)\)\s*$"#) { b, m in
            // (The address first: parsing the frame reuses the match's scratch.)
            let address = m.hex(1)
            if let s = m.slice(2), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.mergeSymbol(of: \.pc, f) }
            b.mergeAddress(of: \.pc, address)
            return true
        },
        // `Oops: 0004 ilc:3 [#1] SMP`: the program-interruption code, the instruction length.
        LineRule("s390-oops", "Oops: ", #"Oops: ([0-9a-fA-F]{4}) ilc:\d \[#(\d+)\] ?(.*?)\s*$"#) { b, m in
            if b.report.oops == nil {
                let flags = (m.string(3) ?? "").split(separator: " ").map(String.init)
                b.report.oops = OopsHeader(esr: nil, count: m.int(2), flags: flags, code: m.hex(1).map { Hex64($0) })
            }
            return true
        },
    ]
}
