import OopsCore

/// x86_64 oops lines, kernels 4.x to 6.x: the page-fault messages and `#PF:` decoding, the
/// die() headers (`Oops: 0000 [#1]`, `general protection fault`, traps; 6.x prefixes them all
/// with `Oops: `), RIP and every register of the dump (general, segment, control, debug), the
/// old layouts (`RIP  [<…>]` after the trace, stack words before it) and the registers of
/// exception frames printed inside a trace.
enum X86Rules {
    /// `RAX: 0000000000000000 RBX: ffff888… RCX: …`, `R08: …`, `RSP: 0018:ffff…` (the
    /// selector before the value is skipped), `EFLAGS: 00010246`, `ORIG_RAX: …`, the segment,
    /// control and debug registers (`FS:  00007f…(0000)`, `CR0: …`, `DR7: …`), 32-bit `EAX: …`.
    static let registerToken = Pattern(
        #"(R\d{1,2}|EFLAGS|ORIG_RAX|R[A-Z]{2}|E[A-Z]{2}|FS|GS|knlGS|CS|DS|ES|SS|CR[0-4]|DR[0-7]|PKRU):\s*(?:[0-9a-f]{4}:(?=[0-9a-f]{8}))?([0-9a-fA-F]+)\b"#)

    /// The die() header after its message: `: 0000 [#1] PREEMPT SMP KASAN`.
    /// The page-fault line's address; x86-64 prints all 16 digits, 32-bit x86 8.
    static func pageFaultAddress(_ m: RuleMatch, _ group: Int, into b: ReportBuilder) {
        if m.slice(group)?.count == 8 { b.machine.isUnnamedArch = true }
        b.withFault { f in f.address = f.address ?? m.hex(group).map { Hex64($0) } }
    }

    static let dieTail = #": (?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$"#
    /// Traps whose die() header names them.
    static let trapNames = #"(?:divide error|divide_error|stack segment|double fault|int3|general protection|invalid opcode)"#

    static func oops(_ b: ReportBuilder, _ m: RuleMatch, code: Int, count: Int, flags: Int) {
        b.setArch(.x86_64)
        guard b.report.oops == nil else { return }
        let f = (m.string(flags) ?? "").split(separator: " ").map(String.init)
        b.report.oops = OopsHeader(esr: nil, count: m.int(count), flags: f, code: m.hex(code).map { Hex64($0) })
    }

    /// `general protection fault, probably for non-canonical address 0xdffffc…: 0000 [#1] …`,
    /// `segment-related general protection fault: beec [#2]`, 6.x `Oops: general protection …`.
    static let gpf = #"(?:Oops: )?(?:segment-related )?general protection fault(?:, probably for non-canonical address (?:0x)?([0-9a-fA-F]+))?(?:"# + dieTail + ")?"
    static func gpfAction(_ b: ReportBuilder, _ m: RuleMatch) -> Bool {
        b.setArch(.x86_64)
        if let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
        if m.has(2) { oops(b, m, code: 2, count: 3, flags: 4) }
        return true
    }

    static let rules: [LineRule] = [
        // ≤3.9 prints the task on two lines: `CPU 1 ` and `Pid: 802, comm: wpa_supplicant
        // Tainted: P           O 3.6.1-1.fc17.x86_64 #1 Hewlett-Packard …` (the version is cut
        // at its first blank, the DMI name follows).
        LineRule("x86-cpu", "CPU ", #"CPU (\d+) *$"#) { b, m in
            b.withContext { c in c.cpu = c.cpu ?? m.int(1) }
            return true
        },
        LineRule("x86-pid", "Pid: ", #"Pid: (\d+), comm: (.{1,20}?) (?:Not tainted|Tainted: ((?:[A-Z] *)+?)) +(\d\S*) +(#\S+)(?: +(.*?))?\s*$"#) { b, m in
            b.setArch(.x86_64)
            CommonRules.task(b, m, pid: 1, comm: 2, taint: 3, release: 4, build: 5, hardware: 6)
            return true
        },
        // ≤4.x: `BUG: unable to handle kernel NULL pointer dereference at 0000000000000008`.
        LineRule("x86-page-fault", "BUG: unable to handle kernel ", #"BUG: unable to handle kernel (.+?) at (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            pageFaultAddress(m, 2, into: b)
            return true
        },
        // Before 4.15 `%p` printed NULL as `(null)`, padded: `… dereference at           (null)`.
        LineRule("x86-page-fault", "BUG: unable to handle kernel ", #"BUG: unable to handle kernel .+? at\s+\(null\)\s*$"#) { b, _ in
            b.withFault { f in f.address = f.address ?? Hex64(0) }
            return true
        },
        // 5.x+: `BUG: unable to handle page fault for address: ffffc90000a3f000`.
        LineRule("x86-page-fault", "BUG: unable to handle ", #"BUG: unable to handle (.+?) for address: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            pageFaultAddress(m, 2, into: b)
            return true
        },
        LineRule("x86-page-fault", "BUG: kernel NULL pointer dereference", #"BUG: kernel NULL pointer dereference, address: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            pageFaultAddress(m, 1, into: b)
            return true
        },
        // show_fault_oops(): `read access`, `write access`, or `instruction fetch` (no "access").
        LineRule("x86-pf", "#PF: ", #"#PF: (supervisor|user) (read access|write access|instruction fetch(?: access)?) in (kernel|user) mode"#) { b, m in
            b.setArch(.x86_64)
            let access: Access = m.string(2) == "write access" ? .write : m.string(2) == "read access" ? .read : .exec
            b.withFault { f in f.access = f.access ?? access }
            return true
        },
        LineRule("x86-pf", "#PF: ", #"#PF: error_code\((0x[0-9a-fA-F]+)\)(?: - (.*))?"#) { b, m in
            b.machine.kernelDecoded.append(("error_code", (m.string(1) ?? "") + (m.string(2).map { " - " + $0 } ?? "")))
            return true
        },
        // Page-table walk: `PGD 0 P4D 0`, `PGD 7a8c067 PUD … PMD 0`, 32-bit `*pde = 00000000`.
        LineRule("x86-pgd", "PGD ") { _, _ in true },
        LineRule("x86-pgd", "*pde = ") { _, _ in true },
        LineRule("x86-gpf", "general protection fault", gpf, gpfAction),
        LineRule("x86-gpf", "segment-related general protection fault", gpf, gpfAction),
        LineRule("x86-gpf", "Oops: ", gpf, gpfAction),
        // `Oops: 0002 [#1] SMP` after a page-fault message (6.x: `Oops: Oops: 0002 [#1]`, die()'s
        // string named after the prefix every die header now has).
        LineRule("x86-oops", "Oops: ", #"Oops: (?:Oops: )?(?:0x)?([0-9a-fA-F]+) \[#(\d+)\] ?(.*?)\s*$"#) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        // `invalid opcode: 0000 [#1]`, `int3: 0000 [#1]`, 6.x `Oops: int3: 0000 [#1]`.
        LineRule("x86-trap", "Oops: ", #"Oops: "# + trapNames + dieTail) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        LineRule("x86-trap", "", trapNames + dieTail) { b, m in
            oops(b, m, code: 1, count: 2, flags: 3); return true
        },
        LineRule("x86-trap", "PANIC: double fault", #"PANIC: double fault, error_code: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.x86_64)
            b.machine.kernelDecoded.append(("error_code", m.string(1) ?? ""))
            return true
        },
        LineRule("x86-kasan-range", "KASAN: ", #"KASAN: (null-ptr-deref|maybe wild-memory-access|probably user-memory-access) in range \[(?:0x)?([0-9a-fA-F]+)-"#) { b, m in
            b.machine.kasanRange = m.string(1)
            return true
        },
        // Old KASAN printed its guess without a newline, so the die() header ran on.
        LineRule("x86-gpf", "kasan: GPF could be caused by NULL-ptr deref or user memory access",
                 #"kasan: GPF could be caused by NULL-ptr deref or user memory access"# + gpf) { b, m in
            b.machine.kasanRange = "null-ptr-deref"
            return gpfAction(b, m)
        },
        // `RIP: 0010:iommu_get_dma_domain+0xd/0x20`, old `RIP: 0010:[<ffffffff…>]  [<ffffffff…>] sym+0x1/0x2`;
        // user space: `RIP: 0033:0x7f4117ebd1b7`.
        // The selector's low bits are the privilege level: 3 is user mode, the registers a
        // syscall's trace ends with. Those are the program's; the report's pc, registers and
        // code stay the kernel's (a KASAN report has none, rather than the program's).
        LineRule("x86-rip", "RIP: ", #"RIP: (?:([0-9a-fA-F]{4}):)?(?:\[<([0-9a-fA-F]+)>\]\s+)?(.*)$"#) { b, m in
            b.setArch(.x86_64)
            b.machine.inUserRegisters = m.hex(1).map { $0 & 3 == 3 } ?? false
            if b.machine.inUserRegisters { return true }
            if b.report.pc == nil, let s = m.slice(3) {
                // (A decoded pc's name alone: its source location was wrapped off.)
                if var f = FrameSyntax.parse(s, scratch: m.scratch) ?? FrameSyntax.bareSymbol(s) {
                    if f.address == nil, let a = m.hex(2) { f.address = Hex64(a) }
                    b.report.pc = f
                }
            }
            return true
        },
        // ≤4.x repeat the pc and stack pointer after the trace: `RIP  [<ffffffff81d64236>] sym+0x86/0x1d0`, ` RSP <ffff8801…>`.
        LineRule("x86-rip", "RIP  [<", #"RIP  (.*)$"#) { b, m in
            if b.report.pc == nil, let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.report.pc = f }
            return true
        },
        LineRule("x86-rsp", "RSP <", #"RSP <([0-9a-fA-F]+)>"#) { b, m in
            if let v = m.hex(1) { b.report.sp = b.report.sp ?? Hex64(v) }
            return true
        },
        LineRule("x86-ip", "IP: ", #"IP: (.*)$"#) { b, m in
            b.setArch(.x86_64)
            if b.report.pc == nil, let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.report.pc = f }
            return true
        },
        // 32-bit x86: `EIP: 0060:[<c1234567>] EFLAGS: 00010246 CPU: 0` / `EIP: sym+0x1/0x2`.
        LineRule("x86-ip", "EIP: ", #"EIP: (?:[0-9a-fA-F]{4}:)?(?:\[<([0-9a-fA-F]+)>\] )?(.*)$"#) { b, m in
            b.machine.isUnnamedArch = true
            let address = m.hex(1)   // (before the frame's parse reuses the scratch)
            if b.report.pc == nil, let s = m.slice(2), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.report.pc = f }
            b.mergeAddress(of: \.pc, address)
            registers(m.bytes, into: b)
            return true
        },
        // …and before 4.x, the symbol on a line of its own: `EIP is at _raw_spin_unlock+0x18/0x40`.
        Arm64Rules.symbolLine("x86-ip", "EIP is at ", \.pc),
        LineRule("x86-rsp", "RSP: ", #"RSP: (?:[0-9a-fA-F]{4}:)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.x86_64)
            if !b.machine.inUserRegisters, let v = m.hex(1) { b.report.sp = b.report.sp ?? Hex64(v) }
            registers(m.bytes, into: b)
            return true
        },
        LineRule("x86-registers", "R", #"R(?:[A-Z]{2}|\d{1,2}): [0-9a-fA-F]{16}"#) { b, m in
            b.setArch(.x86_64)
            registers(m.bytes, into: b)
            return true
        },
        LineRule("x86-registers", "E", #"E[A-Z]{2}: [0-9a-fA-F]{8}"#) { b, m in
            registers(m.bytes, into: b)
            return true
        },
        // page_fault_oops()'s "executive summary" (`CR2: 0000000000000000` alone, after the
        // dump): the faulting address itself, where an excerpt left the headline out.
        LineRule("x86-cr2", "CR2: ", #"CR2: ([0-9a-fA-F]{16})\s*$"#) { b, m in
            guard let a = m.hex(1) else { return true }
            b.withFault { f in f.cr2 = f.cr2 ?? Hex64(a) }
            registers(m.bytes, into: b)
            if b.formats.contains(.x86PageFault) || b.formats.contains(.x86Oops) {
                b.withFault { f in f.address = f.address ?? Hex64(a) }
            }
            return true
        },
        LineRule("x86-cr2", "CR2: ", #"CR2: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.cr2 = f.cr2 ?? m.hex(1).map { Hex64($0) } }
            registers(m.bytes, into: b)
            return true
        },
        // `FS:  00007ff4…(0000) GS:ffff8801…(0000) knlGS:…`, `CS:  0010 DS: 0000 ES: 0000 CR0: …`,
        // `DR0: …`, `PKRU: 55555554`, `EFLAGS: 00000246` on a line of its own.
        LineRule("x86-segments", "FS: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "CS: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "DR0: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "DR3: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "DR6: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "PKRU: ") { b, m in registers(m.bytes, into: b); return true },
        LineRule("x86-segments", "EFLAGS: ") { b, m in registers(m.bytes, into: b); return true },
        // ≤4.9 print the raw stack before the trace (`ffff8801d5eef6d8 ffffffff81d90889 …`); a
        // line cut short by other output can run straight into `Call Trace:`.
        LineRule("x86-stack", "", #"[0-9a-f]{16}(?: [0-9a-f]{16}){0,7}\s*(Call Trace:)?$"#) { b, m in
            if m.has(1) { b.beginTrace() }
            return true
        },
    ]

    static func registers(_ bytes: UnsafeRawBufferPointer, into b: ReportBuilder) {
        guard !b.machine.inUserRegisters else { return }
        RegisterTokens.forEach(registerToken, in: bytes, scratch: b.scratch) { name, value, _ in
            if let v = value { b.setRegisterOnce(name.lowercased(), v) }
        }
    }
}
