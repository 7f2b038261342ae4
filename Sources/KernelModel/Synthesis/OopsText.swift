import OopsCore

/// Prints an emulated outcome as the kernel of its era would print it (arm64 die() / __warn /
/// KASAN / SMMUv3 event formats), so the parser can read it back: the round trip
/// emulate → text → parse → diagnose must give the same scenario.
///
/// The model does not know instruction offsets inside functions, code bytes around the
/// fault, or the other registers: those print as `+0x0/0x0`, `nop`s and zeros; WARN line
/// numbers as 0. Everything else comes from the emulation.
public enum OopsText {
    /// The release printed for each era: the tree the model's tables were measured on.
    static let releases: [Era: String] = [
        .v4_19: "4.19.1", .v5_4: "5.4.59", .v5_10: "5.10.7", .v5_15: "5.15.24",
        .v6_1: "6.1.192", .v6_6: "6.6.57", .v6_12: "6.12.117",
    ]

    public static func render(_ r: EmulationResult) -> String? {
        var w = Writer(era: r.profile.era)
        if r.profile.distro != nil { w.release = LayoutStore.shared.layout(for: r.profile)?.release }
        w.comment("synthetic oops: oopsy model emulate \(r.scenario.id) --kernel \(r.profile.era)\(r.profile.distro.map { " --distro \($0)" } ?? "") --config \(r.profile.lockDebug.rawValue)\(r.memoryDebug == .none ? "" : " --memory \(r.memoryDebug.rawValue)")")
        w.comment("\(r.scenario.mode): \(r.scenario.description); written by the path emulator, not a real kernel")
        switch r.outcome {
        case .oops(let o):
            if o.fault.kind == .kasan { kasan(o, &w) } else { oops(o, &w) }
        case .warning(let ws):
            for warn in ws { warning(warn, &w) }
        case .smmuFault(let faults):
            for f in faults { smmu(f, scenario: r.scenario, &w) }
        case .silent:
            return nil
        }
        return w.text
    }

    // MARK: oops

    static func esr(_ f: ModelFault, era: Era) -> UInt64 {
        switch f.kind {
        case .exec: return 0x8600_0004
        case .cacheMaintenance: return 0x9600_0147
        case .externalAbort: return 0x9600_0210
        case .memory, .kasan:
            let nonCanonical = f.address >> 48 != 0 && f.address >> 48 != 0xffff
            if nonCanonical { return 0x9600_0004 }
            if era == .v4_19 { return 0x9600_0005 }
            return f.access == .write ? 0x9600_0046 : 0x9600_0006
        }
    }

    /// FAR as printed: ≥5.4 clears the tag byte of user-half addresses (untagged_addr).
    static func printedAddress(_ a: UInt64, era: Era) -> UInt64 {
        era >= .v5_4 && (a >> 55) & 1 == 0 ? a & 0x00ff_ffff_ffff_ffff : a
    }

    static func oops(_ o: EmulatedOops, _ w: inout Writer) {
        let f = o.fault
        let era = w.era
        let esr = esr(f, era: era)
        let addr = printedAddress(f.address, era: era)
        if f.kind == .externalAbort {
            w.line("Internal error: synchronous external abort: \(w.esrText(esr)) [#1] PREEMPT SMP")
        } else {
            let what = addr < 0x1000 ? "NULL pointer dereference" : "paging request"
            w.line("Unable to handle kernel \(what) at virtual address \(hex16(addr))")
            w.memAbortInfo(esr)
            w.line("Internal error: Oops: \(w.esrText(esr)) [#1] PREEMPT SMP")
        }
        w.taskLines(comm: o.softirq ? "swapper/0" : "oopsy-example", pid: o.softirq ? 0 : 1234)
        w.line(w.pstate)
        w.line("pc : \(o.function.hasPrefix("0x") ? o.function : o.function + "+0x0/0x0")")
        if let lr = o.lr { w.line("lr : \(lr)+0x0/0x0") }
        w.line("sp : ffff800008003d00")
        // x0 holds the bad base pointer; the faulting instruction loads through it.
        var regs = [UInt64](repeating: 0, count: 31)
        regs[0] = f.kind == .cacheMaintenance || f.kind == .externalAbort ? f.address : f.base
        if f.kind == .externalAbort { regs[0] = 0xffff_8000_0a00_0000 }
        w.registers(regs)
        w.line("Call trace:")
        for frame in o.trace { w.line(frame.hasPrefix("0x") ? " \(frame)" : " \(frame)+0x0/0x0") }
        switch f.kind {
        case .exec:
            w.line("Code: Bad PC value")
        case .cacheMaintenance:
            // A clean (`__clean_dcache_area_poc`, `dcache_clean_poc`) or an invalidate.
            w.code(o.function.contains("clean") ? InstructionEncoder.dcCVAC(rt: 0) : InstructionEncoder.dcIVAC(rt: 0))
        default:
            let size = (f.field?.hasSuffix(".type") == true) ? 4 : 8
            w.code(InstructionEncoder.load(rt: 1, rn: 0, offset: f.offset, size: size) ?? InstructionEncoder.nop)
        }
        w.line("---[ end trace 0000000000000000 ]---")
        w.line("Kernel panic - not syncing: Oops: Fatal exception")
    }

    static func kasan(_ o: EmulatedOops, _ w: inout Writer) {
        w.line("==================================================================")
        w.line("BUG: KASAN: use-after-free in \(o.function)+0x0/0x0")
        w.line("Read of size 8 at addr ffff000012345000 by task oopsy-example/1234")
        w.line("")
        w.taskLines(comm: "oopsy-example", pid: 1234, withModules: false)
        w.line("Call trace:")
        for frame in ["dump_backtrace", "show_stack", "dump_stack_lvl", "print_report", "kasan_report", "__asan_load8"] + o.trace {
            w.line(" \(frame)+0x0/0x0")
        }
        w.line("")
        w.line("Freed by task 1234:")
        w.line(" kfree+0x0/0x0")
        w.line("")
        w.line("The buggy address belongs to the object at ffff000012345000")
        w.line("==================================================================")
    }

    // MARK: WARN

    static func warning(_ warn: ModelWarning, _ w: inout Writer) {
        w.line("------------[ cut here ]------------")
        w.line("WARNING: CPU: 0 PID: 1234 at \(warn.file):0 \(warn.function)+0x0/0x0")
        w.taskLines(comm: "oopsy-example", pid: 1234)
        w.line(w.pstate)
        w.line("pc : \(warn.function)+0x0/0x0")
        if warn.trace.count > 1 { w.line("lr : \(warn.trace[1])+0x0/0x0") }
        w.line("sp : ffff800008003d00")
        w.registers([UInt64](repeating: 0, count: 31))
        w.line("Call trace:")
        for frame in warn.trace { w.line(" \(frame)+0x0/0x0") }
        w.line("---[ end trace 0000000000000000 ]---")
    }

    // MARK: SMMU

    /// SMMUv3 event records (as the lab's QEMU SMMUv3 prints them): word 0 = StreamID<<32 |
    /// event id, word 2 = input address.
    static func smmu(_ f: ModelSMMUFault, scenario: Scenario, _ w: inout Writer) {
        let unknownStream = scenario.id.hasPrefix("FM-6b")
        let event: UInt64 = unknownStream ? 0x02 : 0x10
        let sid: UInt64 = 0x8
        w.line("arm-smmu-v3 arm-smmu-v3.0.auto: event 0x\(String(format2(event))) received:")
        let words: [UInt64] = [sid << 32 | event, unknownStream ? 0 : 0x8_0000_0000, unknownStream ? 0 : f.iova, 0]
        for word in words { w.line("arm-smmu-v3 arm-smmu-v3.0.auto: \t0x\(hex16(word))") }
    }

    static func hex16(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 16 - s.count)) + s
    }

    static func format2(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return s.count < 2 ? "0" + s : s
    }

    /// Text in the era's format, with printk timestamps.
    struct Writer {
        let era: Era
        /// The release to print; the era's measured tree when nil.
        var release: String? = nil
        var text = ""
        var tick = 0

        mutating func comment(_ s: String) { text += "# " + s + "\n" }

        mutating func line(_ s: String) {
            tick += 1
            let micros = 1_000_000 + tick * 137
            let ts = "\(micros / 1_000_000).\(String(micros % 1_000_000).leftPad(6))"
            text += "[" + String(repeating: " ", count: max(0, 12 - ts.count)) + ts + "] " + s + "\n"
        }

        /// 6.x prints the ESR zero-extended to 64 bits.
        func esrText(_ esr: UInt64) -> String {
            era >= .v6_1 ? hex16(esr) : String(hex16(esr).suffix(8))
        }

        mutating func memAbortInfo(_ esr: UInt64) {
            let d = (ec: (esr >> 26) & 0x3f, il: (esr >> 25) & 1 == 1 ? 32 : 16, iss: esr & 0x1ff_ffff)
            let fsc = esr & 0x3f
            let names: [UInt64: String] = [0x04: "level 0 translation fault", 0x05: "level 1 translation fault",
                                           0x06: "level 2 translation fault", 0x07: "level 3 translation fault",
                                           0x10: "synchronous external abort"]
            let ecName = d.ec == 0x21 ? "IABT (current EL)" : "DABT (current EL)"
            line("Mem abort info:")
            line("  ESR = 0x\(era >= .v6_1 ? hex16(esr) : String(hex16(esr).suffix(8)))")
            if era <= .v5_4 {
                line("  Exception class = \(ecName), IL = \(d.il) bits")
            } else {
                line("  EC = 0x\(String(d.ec, radix: 16)): \(ecName), IL = \(d.il) bits")
            }
            line("  SET = 0, FnV = 0")
            line("  EA = \((esr >> 9) & 1), S1PTW = 0")
            if era >= .v5_15 { line("  FSC = 0x\(format2(fsc)): \(names[fsc] ?? "unknown")") }
            if d.ec == 0x25 {
                line("Data abort info:")
                line("  ISV = 0, ISS = 0x\(String(hex16(d.iss).suffix(8)))")
                line("  CM = \((esr >> 8) & 1), WnR = \((esr >> 6) & 1)")
            }
        }

        mutating func taskLines(comm: String, pid: Int, withModules: Bool = true) {
            if withModules { line("Modules linked in: oopsy_example(O)") }
            let release = self.release ?? OopsText.releases[era] ?? era.rawValue
            let uid = era >= .v6_12 ? "UID: 0 " : ""
            line("CPU: 0 \(uid)PID: \(pid) Comm: \(comm) Tainted: G           O      \(release) #1")
            line("Hardware name: linux,dummy-virt (DT)")
        }

        var pstate: String {
            switch era {
            case .v4_19: return "pstate: 60000005 (nZCv daif -PAN -UAO)"
            case .v5_4: return "pstate: 60000005 (nZCv daif -PAN -UAO)"
            case .v5_10, .v5_15: return "pstate: 60000005 (nZCv daif -PAN -UAO -TCO BTYPE=--)"
            default: return "pstate: 60000005 (nZCv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)"
            }
        }

        mutating func registers(_ regs: [UInt64]) {
            let perLine = era == .v4_19 ? 2 : 3
            var n = 29
            while n >= 0 {
                var parts: [String] = []
                for k in 0..<perLine where n - k >= 0 {
                    let name = "x\(n - k)"
                    parts.append((name.count == 2 ? name + " " : name) + ": " + hex16(regs[n - k]))
                }
                line(parts.joined(separator: " "))
                n -= perLine
            }
        }

        mutating func code(_ faulting: UInt32) {
            let nop = String(InstructionEncoder.nop, radix: 16)
            let f = String(faulting, radix: 16)
            line("Code: \(nop) \(nop) \(nop) \(nop) (\(String(repeating: "0", count: max(0, 8 - f.count)) + f))")
        }
    }
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
