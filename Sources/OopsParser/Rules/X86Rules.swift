import OopsCore

/// x86_64 oops lines (page faults, GPF, `Oops:`, RIP and the register dump, CR2).
enum X86Rules {
    /// `RAX: 0000000000000000 RBX: ffff888… RCX: …`, `R08: …`.
    static let registerToken = Pattern(#"(R[A-Z]{2}|R\d{1,2}|EFLAGS|ORIG_RAX): ([0-9a-fA-F]+)\b"#)

    static func oops(_ b: ReportBuilder, _ m: RuleMatch, code: Int, count: Int, flags: Int) {
        guard b.report.oops == nil else { return }
        let f = (m.string(flags) ?? "").split(separator: " ").map(String.init)
        b.report.oops = OopsHeader(esr: nil, count: m.int(count), flags: f, code: m.hex(code).map { Hex64($0) })
    }

    static let rules: [LineRule] = [
        // ≤4.x: `BUG: unable to handle kernel NULL pointer dereference at 0000000000000008`.
        LineRule("x86-page-fault", "BUG: unable to handle kernel ", #"BUG: unable to handle kernel (.+?) at (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(2).map { Hex64($0) } }
            return true
        },
        // 5.x+: `BUG: unable to handle page fault for address: ffffc90000a3f000`.
        LineRule("x86-page-fault", "BUG: unable to handle ", #"BUG: unable to handle (.+?) for address: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(2).map { Hex64($0) } }
            return true
        },
        LineRule("x86-page-fault", "BUG: kernel NULL pointer dereference", #"BUG: kernel NULL pointer dereference, address: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        LineRule("x86-pf", "#PF: ", #"#PF: (supervisor|user) (read|write|instruction fetch) access in (kernel|user) mode"#) { b, m in
            b.setArch(.x86_64)
            let access: Access = m.string(2) == "write" ? .write : m.string(2) == "read" ? .read : .exec
            b.withFault { f in f.access = f.access ?? access }
            return true
        },
        LineRule("x86-pf", "#PF: ", #"#PF: error_code\((0x[0-9a-fA-F]+)\)(?: - (.*))?"#) { b, m in
            b.kernelDecoded.append(("error_code", (m.string(1) ?? "") + (m.string(2).map { " - " + $0 } ?? "")))
            return true
        },
        LineRule("x86-pgd", "PGD ") { _, _ in true },
        LineRule("x86-pgd", "*pde = ") { _, _ in true },
        LineRule("x86-oops", "Oops: ", #"Oops: (?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$"#) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        LineRule("x86-gpf", "general protection fault", #"general protection fault(?:, probably for non-canonical address (?:0x)?([0-9a-fA-F]+))?(?:: (?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$)?"#) { b, m in
            b.setArch(.x86_64)
            if let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            if m.has(2) { oops(b, m, code: 2, count: 3, flags: 4) }
            return true
        },
        LineRule("x86-kasan-range", "KASAN: ", #"KASAN: (null-ptr-deref|maybe wild-memory-access|probably user-memory-access) in range \[(?:0x)?([0-9a-fA-F]+)-"#) { b, m in
            b.kasanRange = m.string(1)
            return true
        },
        LineRule("x86-invalid-opcode", "invalid opcode: ", #"invalid opcode: (?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$"#) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        LineRule("x86-trap", "", #"(?:divide error|stack segment|double fault|int3|general protection): (?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$"#) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        // `RIP: 0010:iommu_get_dma_domain+0xd/0x20`, old `RIP: 0010:[<ffffffff…>]  [<ffffffff…>] sym+0x1/0x2`.
        LineRule("x86-rip", "RIP: ", #"RIP: (?:[0-9a-fA-F]{4}:)?(?:\[<([0-9a-fA-F]+)>\]\s+)?(.*)$"#) { b, m in
            b.setArch(.x86_64)
            if b.report.pc == nil, let s = m.slice(2) {
                if var f = FrameSyntax.parse(s, scratch: m.scratch) {
                    if f.address == nil, let a = m.hex(1) { f.address = Hex64(a) }
                    b.report.pc = f
                }
            }
            return true
        },
        LineRule("x86-ip", "IP: ", #"IP: (.*)$"#) { b, m in
            b.setArch(.x86_64)
            if b.report.pc == nil, let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.report.pc = f }
            return true
        },
        LineRule("x86-rsp", "RSP: ", #"RSP: (?:[0-9a-fA-F]{4}:)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.x86_64)
            if let v = m.hex(1) { b.report.sp = b.report.sp ?? Hex64(v) }
            registers(m.bytes, into: b)
            return true
        },
        LineRule("x86-registers", "R", #"R(?:[A-Z]{2}|\d{1,2}): [0-9a-fA-F]{16}"#) { b, m in
            b.setArch(.x86_64)
            registers(m.bytes, into: b)
            return true
        },
        LineRule("x86-cr2", "CR2: ", #"CR2: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.cr2 = f.cr2 ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        LineRule("x86-segments", "FS: ") { _, _ in true },
        LineRule("x86-segments", "CS: ") { _, _ in true },
        LineRule("x86-segments", "DR0: ") { _, _ in true },
        LineRule("x86-segments", "DR3: ") { _, _ in true },
        LineRule("x86-segments", "DR6: ") { _, _ in true },
        LineRule("x86-segments", "PKRU: ") { _, _ in true },
        LineRule("x86-segments", "EFLAGS: ") { _, _ in true },
    ]

    static func registers(_ bytes: UnsafeRawBufferPointer, into b: ReportBuilder) {
        var at = 0
        let scratch = b.scratch
        while at < bytes.count, registerToken.matches(bytes, from: at, in: scratch) {
            guard let whole = scratch.range(0), let name = scratch.string(1, in: bytes) else { break }
            if let digits = scratch.range(2), digits.count <= 16, let v = scratch.hex(2, in: bytes) {
                b.setRegister(name.lowercased(), v)
            }
            at = whole.upperBound
        }
    }
}
