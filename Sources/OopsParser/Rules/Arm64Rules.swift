import OopsCore

/// arm64 (and, where the wording is shared, 32-bit arm) oops lines, kernels 4.4 → 6.12.
enum Arm64Rules {
    /// `x29: ffffff80095eb4f0 x28: 0000000000000000` (2 or 3 per line, `x9 : ` padded).
    static let registerToken = Pattern(#"(x\d{1,2}|lr|sp|fp|pc)\s*: ([0-9a-fA-F]+)\b"#)
    /// `EC = 0x25: DABT (current EL), IL = 32 bits`, `CM = 0, WnR = 0, TnD = 0`.
    static let decodedToken = Pattern(#"([A-Za-z][A-Za-z0-9]*) = (0x[0-9a-fA-F]+|\d+)(?:: ([^,]+))?"#)

    /// `r7 : ef0a5c10  r6 : ffffffed` (32-bit arm's numbered registers).
    static let arm32RegisterToken = Pattern(#"(r\d{1,2})\s*: ([0-9a-f]{8})\b"#)

    static let rules: [LineRule] = [
        LineRule("unable-to-handle", "Unable to handle kernel ", #"Unable to handle kernel (.+?) at virtual address (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(2).map { Hex64($0) } }
            return true
        },
        LineRule("unable-to-handle", "CPU ", #"CPU \d+ Unable to handle kernel (.+?) at virtual address (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(2).map { Hex64($0) } }
            return true
        },
        LineRule("user-address-swapper", "[", #"\[([0-9a-fA-F]+)\] user address but active_mm is swapper"#) { b, m in
            b.withFault { f in f.address = f.address ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        // 4.x do_mem_abort for faults with no handler: `Unhandled fault: synchronous external abort (0x96000210) at 0x…`,
        // and 4.11–4.17 do_sea()'s `Synchronous External Abort: <name> (0x…) at 0x…`.
        LineRule("unhandled-fault", "Unhandled fault", #"Unhandled fault:? (.+?) \((?:0x)?([0-9a-fA-F]+)\) at (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            namedFault(b, m, farNotValid: false)
        },
        // (arm64 only: its ESR's FnV bit says whether FAR holds the address; on arm32 the same
        // bit of the FSR is part of the fault status.)
        LineRule("unhandled-fault", "Synchronous External Abort: ", #"Synchronous External Abort: (.+?) \((?:0x)?([0-9a-fA-F]+)\) at (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            namedFault(b, m, farNotValid: m.hex(2).map { $0 & 0x400 != 0 } ?? false)
        },
        // The kernel's own ESR decoding (5.x+; 4.x–5.3 print `Exception class = …`).
        LineRule("mem-abort", "Mem abort info:") { _, _ in true },
        LineRule("mem-abort", "Data abort info:") { _, _ in true },
        LineRule("mem-abort", "ESR = ", #"ESR = (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.arm64)
            b.withFault { f in f.esr = f.esr ?? m.hex(1).map { Hex64($0) } }
            b.machine.kernelDecoded.append(("ESR", m.string(1) ?? ""))
            return true
        },
        LineRule("mem-abort", "Exception class = ", #"Exception class = (.+?), IL = (\d+) bits"#) { b, m in
            b.machine.kernelDecoded.append(("EC", m.string(1) ?? ""))
            b.machine.kernelDecoded.append(("IL", m.string(2) ?? ""))
            return true
        },
        LineRule("mem-abort", "", #"(?:EC|SET|EA|FSC|ISV|CM|ISS|GCS|TnD|Access size|SSE|SF|FnV|S1PTW|WnR|SRT|AR|VNCR|Overlay|DirtyBit|Xs|TagAccess) = "#) { b, m in
            decodedFields(m.bytes, into: b)
            return true
        },
        LineRule("mem-abort", "", #"(?:user|swapper) pgtable: "#) { _, _ in true },
        // show_pte() prints the page-table walk of the fault address: the address itself when
        // the headline was left out of a paste (arm64 `[ffff8000…] pgd=…`, arm `[00000004] *pgd=…`).
        LineRule("mem-abort", "[", #"\[([0-9a-fA-F]+)\] \*?pgd="#) { b, m in
            if let a = m.hex(1) { b.withFault { f in f.address = f.address ?? Hex64(a) } }
            return true
        },
        LineRule("mem-abort", "pgd = ") { _, _ in true },
        // `Internal error: Oops: 96000005 [#1] PREEMPT SMP`, `Internal error: Oops - BUG: 0 [#1] SMP`.
        // A mail client may wrap the die counter and flags off the line (`… abort: 96000210` /
        // `[#1] PREEMPT SMP`): the reason and the ESR still stand. A renderer may drop the
        // counter's brackets (`… 96000004 2 PREEMPT SMP`): a bare count before the build flags.
        LineRule("internal-error", "Internal error: ", #"Internal error: (.*?): (?:0x)?([0-9a-fA-F]+)(?: (?:\[#(\d+)\]|(\d+)(?= (?:PREEMPT(?:_RT)?|SMP|ARM)\b)) ?(.*?))?\s*$"#) { b, m in
            guard b.report.oops == nil else { return true }
            let flags = (m.string(5) ?? "").split(separator: " ").map(String.init)
            b.report.oops = OopsHeader(esr: m.hex(2).map { Hex64($0) }, count: m.int(3) ?? m.int(4), flags: flags,
                                       reason: m.string(1))
            if flags.contains("ARM") { b.report.arch = .unknown; b.machine.isArm32 = true }
            return true
        },
        // arm64 4.4–4.14: `pc : [<ffff…>] lr : [<ffff…>] pstate: 80000145`; arm32 ends `psr: …`.
        LineRule("pc-lr-pstate", "pc : [<", #"pc : \[<([0-9a-fA-F]+)>\]\s+lr : \[<([0-9a-fA-F]+)>\]\s+(pstate|psr): ([0-9a-fA-F]+)"#) { b, m in
            if m.string(3) == "psr" { b.machine.isArm32 = true }
            b.mergeAddress(of: \.pc, m.hex(1))
            b.mergeAddress(of: \.lr, m.hex(2))
            if m.string(3) == "pstate", let raw = m.hex(4) {
                b.setArch(.arm64)
                b.report.pstate = b.report.pstate ?? PState(raw: Hex64(raw), flags: nil)
            }
            return true
        },
        LineRule("pstate", "pstate: ", #"pstate: ([0-9a-fA-F]+)(?: \((.*)\))?"#) { b, m in
            b.setArch(.arm64)
            if let raw = m.hex(1) { b.report.pstate = PState(raw: Hex64(raw), flags: m.string(2)) }
            return true
        },
        // Symbolized reports print the inlined functions first (`pc : _compound_head
        // include/linux/page-flags.h:253 [inline]`), then the function with its offset.
        LineRule("pc", "pc : ", #"pc : (.*)$"#) { b, m in
            if let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) ?? FrameSyntax.bareSymbol(s) { b.report.pc = preferOutOfLine(b.report.pc, f) }
            return true
        },
        LineRule("lr", "lr : ", #"lr : (.*)$"#) { b, m in
            if let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) ?? FrameSyntax.bareSymbol(s) { b.report.lr = preferOutOfLine(b.report.lr, f) }
            return true
        },
        // Old kernels: `PC is at shmem_evict_inode+0x150/0x19c`; MediaTek's AEE exception
        // reports: `pc=<> [<ffffff8960e2cd10>] dpcm_be_dai_trigger+0x29c/0x47c`.
        symbolLine("pc", "PC is at ", \.pc),
        // powerpc: `NIP [c0000000004ba240] memblock_merge_regions.isra.12+0x40/0x130`, `LR [...] …`,
        // a module's with its name after it (`… device_change_handler+0x40/0x290 [snd_powermac]`).
        LineRule("pc", "NIP [", #"NIP \[([0-9a-fA-F]+)\] +(.*)$"#) { b, m in
            let address = m.hex(1)   // (before the frame's parse reuses the scratch)
            if let s = m.slice(2), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.mergeSymbol(of: \.pc, f) }
            b.mergeAddress(of: \.pc, address)
            return true
        },
        LineRule("lr", "LR [", #"LR \[([0-9a-fA-F]+)\] +(.*)$"#) { b, m in
            let address = m.hex(1)   // (before the frame's parse reuses the scratch)
            if let s = m.slice(2), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.mergeSymbol(of: \.lr, f) }
            b.mergeAddress(of: \.lr, address)
            return true
        },
        symbolLine("lr", "LR is at ", \.lr),
        symbolLine("pc", "pc=<> ", \.pc),
        symbolLine("lr", "lr=<> ", \.lr),
        LineRule("sp", "sp : ", #"sp : ([0-9a-fA-F]+)"#) { b, m in
            if let v = m.hex(1) { b.report.sp = b.report.sp ?? Hex64(v) }
            registers(m.bytes, from: m.scratch.range(0)?.upperBound ?? 0, into: b)
            return true
        },
        LineRule("registers", "x", #"x\d{1,2}\s*: "#) { b, m in
            b.setArch(.arm64)
            registers(m.bytes, from: 0, into: b)
            return true
        },
        // 32-bit arm register and status lines: never taken for arm64; r0–r12 kept by name
        // (an ERR_PTR in one explains a "NULL" fault at its wrapped address).
        LineRule("arm32-registers", "r", #"r\d{1,2}\s*: [0-9a-f]{8}"#) { b, m in
            b.machine.isArm32 = true
            RegisterTokens.forEach(arm32RegisterToken, in: m.bytes, scratch: b.scratch) { name, value, _ in
                if let v = value { b.setRegister(name, v) }
            }
            return true
        },
        LineRule("arm32-registers", "sp : ", #"sp : [0-9a-f]{8}\s+ip"#) { b, _ in b.machine.isArm32 = true; return true },
        LineRule("arm32-status", "Flags: ") { _, _ in true },
        LineRule("arm32-status", "Control: ") { _, _ in true },
        LineRule("arm32-status", "Stack: (") { b, _ in b.beginOtherStack(); return true },
        // Stack overflow (VMAP_STACK) and SError reports.
        // (RISC-V prints the same line: only arm64's ESR after it names the architecture.)
        LineRule("stack-overflow", "Insufficient stack space to handle exception") { _, _ in true },
        LineRule("stack-overflow", "ESR: ", #"ESR: (?:0x)?([0-9a-fA-F]+) -- "#) { b, m in
            b.setArch(.arm64)
            b.withFault { f in f.esr = f.esr ?? m.hex(1).map { Hex64($0) } }
            return true
        },
        // The overflow handler prints no fault message: FAR (the guard-page access) is the
        // fault address.
        LineRule("stack-overflow", "FAR: ", #"FAR: (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in
                f.far = f.far ?? m.hex(1).map { Hex64($0) }
                f.address = f.address ?? f.far
            }
            return true
        },
        LineRule("stack-overflow", "", #"(?:Task|IRQ|Overflow|SDEI\w*) stack: +\["#) { _, _ in true },
        LineRule("serror", "SError Interrupt on CPU", #"SError Interrupt on CPU(\d+), code (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.arm64)
            b.withFault { f in f.esr = f.esr ?? m.hex(2).map { Hex64($0) } }
            b.withContext { c in c.cpu = c.cpu ?? m.int(1) }
            return true
        },
        LineRule("bad-mode", "Bad mode in ", #"Bad mode in (.+?) handler detected(?: on CPU(\d+))?, code (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.withFault { f in f.esr = f.esr ?? m.hex(3).map { Hex64($0) } }
            b.withContext { c in c.cpu = c.cpu ?? m.int(2) }
            return true
        },
    ]

    /// `<fault name> (0x<esr>) at 0x<address>`: the ESR (arm32: the FSR) and the address, the
    /// fault address register's value, which is no address where `farNotValid`.
    static func namedFault(_ b: ReportBuilder, _ m: RuleMatch, farNotValid: Bool) -> Bool {
        b.withFault { f in
            f.esr = f.esr ?? m.hex(2).map { Hex64($0) }
            if !farNotValid { f.address = f.address ?? m.hex(3).map { Hex64($0) } }
        }
        return true
    }

    /// The first pc/lr printed, unless it was an inlined function and this one is the function
    /// that holds it.
    static func preferOutOfLine(_ existing: Frame?, _ new: Frame) -> Frame {
        guard let existing else { return new }
        return existing.marker == "inline" && new.marker != "inline" ? new : existing
    }

    static func registers(_ bytes: UnsafeRawBufferPointer, from start: Int, into b: ReportBuilder) {
        RegisterTokens.forEach(registerToken, in: bytes, from: start, scratch: b.scratch) { name, value, digits in
            guard let v = value else {
                b.report.note("register \(name) has \(digits) hex digits; not a 64-bit value, ignored")
                return
            }
            switch name {
            case "sp": b.report.sp = b.report.sp ?? Hex64(v)
            case "lr": b.setRegister("x30", v)
            case "fp": b.setRegister("x29", v)
            case "pc": break
            default: b.setRegister(name, v)
            }
        }
    }

    static func decodedFields(_ bytes: UnsafeRawBufferPointer, into b: ReportBuilder) {
        var at = 0
        let scratch = b.scratch
        while at < bytes.count, decodedToken.matches(bytes, from: at, in: scratch) {
            guard let whole = scratch.range(0), let name = scratch.string(1, in: bytes),
                  let value = scratch.string(2, in: bytes) else { break }
            var text = value
            if let meaning = scratch.string(3, in: bytes) { text += ": " + meaning.trimmingCharacters(in: " ") }
            b.machine.kernelDecoded.append((name, text))
            at = whole.upperBound
        }
    }

    /// A line that is `literal` followed by a frame (pc or lr as a symbol), merged with the
    /// address the register dump gives. `literal` holds no pattern metacharacters.
    static func symbolLine(_ name: String, _ literal: String, _ frame: WritableKeyPath<Report, Frame?> & Sendable) -> LineRule {
        LineRule(name, literal, literal + "(.*)$") { b, m in
            if let s = m.slice(1), let f = FrameSyntax.parse(s, scratch: m.scratch) { b.mergeSymbol(of: frame, f) }
            return true
        }
    }
}
