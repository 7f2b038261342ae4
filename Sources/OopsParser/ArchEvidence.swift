import OopsCore

/// What names a report's architecture when no register dump or arch-specific header did (a
/// hung task, an old WARN, a vendor's own format): one row per fact, like the kernel's own
/// fault tables. Each fact is printed by one architecture only.
enum ArchEvidence {
    enum Fact {
        /// The kernel release ends with this (distribution naming: Fedora `.x86_64`, Debian `-arm64`).
        case releaseSuffix(String)
        /// A frame's function starts with this (exception-entry code is per arch).
        case framePrefix(String)
        /// A frame's function is exactly this.
        case frame(String)
        /// The report's first line holds this wording.
        case message(String)
        /// die()'s code (`Internal error: Oops: 96000004`) is an ESR: its IL bit (25) is set,
        /// where arm32's fault status (`Oops: 17`, `Oops: 817`) never reaches past bit 12.
        case esrCode
    }

    struct Row {
        let fact: Fact
        let arch: Arch
    }

    static let rows: [Row] = [
        // Distribution release names.
        Row(fact: .releaseSuffix(".x86_64"), arch: .x86_64),
        Row(fact: .releaseSuffix("-amd64"), arch: .x86_64),
        Row(fact: .releaseSuffix(".aarch64"), arch: .arm64),
        Row(fact: .releaseSuffix("-arm64"), arch: .arm64),
        // arm64 exception entry (arch/arm64/kernel/entry.S, entry-common.c): el0_svc,
        // el1_da, el1h_64_sync, el0t_64_irq … exist on no other architecture.
        Row(fact: .framePrefix("el0_"), arch: .arm64),
        Row(fact: .framePrefix("el1_"), arch: .arm64),
        Row(fact: .framePrefix("el1h_64_"), arch: .arm64),
        Row(fact: .framePrefix("el0t_64_"), arch: .arm64),
        Row(fact: .frame("do_mem_abort"), arch: .arm64),
        Row(fact: .esrCode, arch: .arm64),
        // arm64's die_kernel_fault() names the kind of access (arch/arm64/mm/fault.c); arm32
        // and RISC-V say only "paging request" or "NULL pointer dereference" (arm32's own
        // exec fault: "execution of memory"; RISC-V's "without uaccess routines").
        Row(fact: .message("Unable to handle kernel execute from non-executable memory"), arch: .arm64),
        Row(fact: .message("Unable to handle kernel write to read-only memory"), arch: .arm64),
        Row(fact: .message("Unable to handle kernel read from unreadable memory"), arch: .arm64),
        Row(fact: .message("Unable to handle kernel access to user memory outside uaccess routines"), arch: .arm64),
        // x86-64 entry (arch/x86/entry): syscalls and the IDT's asm_ stubs.
        Row(fact: .framePrefix("entry_SYSCALL_64"), arch: .x86_64),
        Row(fact: .frame("do_syscall_64"), arch: .x86_64),
        Row(fact: .frame("system_call_fastpath"), arch: .x86_64),
        Row(fact: .framePrefix("asm_exc_"), arch: .x86_64),
        Row(fact: .framePrefix("asm_sysvec_"), arch: .x86_64),
        Row(fact: .frame("asm_common_interrupt"), arch: .x86_64),
    ]

    /// The architecture the report's facts name, or nil when none does or two disagree.
    static func infer(_ r: Report) -> Arch? {
        var found: Set<Arch> = []
        let release = r.context?.kernel
        // The stacks that allocated and freed the report's object ran on the same kernel (a
        // SLUB report prints no other).
        let frames = r.trace + (r.object?.allocated?.frames ?? []) + (r.object?.freed?.frames ?? [])
        for row in rows {
            switch row.fact {
            case .releaseSuffix(let s):
                if release?.hasSuffix(s) == true { found.insert(row.arch) }
            case .framePrefix(let p):
                if frames.contains(where: { $0.symbol.hasPrefix(p) }) { found.insert(row.arch) }
            case .frame(let name):
                if frames.contains(where: { $0.baseSymbol == name }) { found.insert(row.arch) }
            case .message(let wording):
                if r.message.contains(wording) { found.insert(row.arch) }
            case .esrCode:
                if let esr = r.oops?.esr, esr.value & (1 << 25) != 0 { found.insert(row.arch) }
            }
        }
        return found.count == 1 ? found.first : nil
    }
}
