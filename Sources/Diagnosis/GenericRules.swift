import OopsCore
import KernelModel

/// The generic layer: what every report's class, fault address, ESR and replay say on their
/// own, without a kernel model. One rule per cause; the first that applies names it.
public enum GenericRules {
    /// A rule: the cause it names and a function that returns the diagnosis when it applies.
    struct Rule: Sendable {
        let cause: String
        let apply: @Sendable (Report) -> Diagnosis?
    }

    /// Every cause id the generic layer can name (README's table lists them).
    public static var causes: Set<String> {
        Set(rules.map(\.cause)).subtracting(["checker"]).union(CheckerFindings.rows.map(\.cause))
    }

    public static func diagnose(_ r: Report) -> Diagnosis? {
        for rule in rules { if let d = rule.apply(r) { return d } }
        return nil
    }

    /// A generic diagnosis; its confidence is its evidence's (``EvidenceWeights``).
    static func make(_ cause: String, _ summary: String, _ evidence: [Evidence], fix: String? = nil) -> Diagnosis {
        Diagnosis(model: "generic", cause: cause, confidence: EvidenceWeights.confidence(evidence), summary: summary, evidence: evidence, fix: fix)
    }

    /// Evidence rows the replay adds to an address-based rule: which register held the bad
    /// pointer and where it came from.
    static func replayEvidence(_ r: Report) -> [Evidence] {
        guard let p = r.replay, p.status == .reproduced, let base = p.baseRegister, let value = p.baseValue else { return [] }
        var rows = [Evidence(.replayAgrees, "replaying `\(p.instruction ?? "?")` with the dumped registers reproduces the fault address: \(base) = \(value) plus \(p.signedOffset ?? p.offset?.description ?? "0")")]
        if let o = p.baseOrigin, o.how == "load", let src = o.sourceRegister, let off = o.sourceOffset {
            rows.append(Evidence(.pointerOrigin, "\(base) was loaded from \(loadSource(src, off))\(o.sourceValue.map { " (\(src) = \($0))" } ?? "") by `\(o.instruction)`"))
        }
        return rows
    }

    /// The fault as printed (address, ESR, pc), as a row of `kind`: what the address says.
    static func faultEvidence(_ r: Report, as kind: EvidenceKind) -> Evidence? {
        guard let a = r.fault?.address else { return nil }
        var s = "fault address \(a)"
        if let e = r.fault?.esrDecoded, let n = e.dfscName { s += ", ESR \(r.fault?.esr?.description ?? "?"): \(e.ecName), \(n)" }
        if let f = r.pc { s += ", pc \(f.printed)" }
        return Evidence(kind, s)
    }

    static let rules: [Rule] = [
        // KASAN's own class for an access in the NULL page (`BUG: KASAN: null-ptr-deref in f`,
        // `Read of size 8 at addr 0000000000000010`): a NULL dereference it caught first.
        Rule(cause: "null-pointer") { r in
            guard r.kind == .kasan, r.message.includes("null-ptr-deref"), let a = r.fault?.address,
                  case .nullOffset(let off) = AddressClass.of(a.value, arch: r.arch) else { return nil }
            return make("null-pointer", "A NULL pointer was dereferenced\(inCulprit(r)) (\(off == 0 ? "at NULL" : "NULL + \(Hex64(off))")): KASAN's check caught the access before it faulted.",
                        [Evidence(.detectorReport, "KASAN classified the access at \(a) as null-ptr-deref")])
        },
        Rule(cause: "kasan") { r in
            guard r.kind == .kasan, !(r.message.includes("null-ptr-deref") && r.fault?.address.map({ $0.value < KernelConstants.nullPageLimit }) == true) else { return nil }
            var ev = [Evidence(.detectorReport, "the report: \(r.message)")]
            var summary = "A memory-safety detector (\(r.message.includes("KFENCE") ? "KFENCE" : r.message.includes("KMSAN") ? "KMSAN" : "KASAN")) caught an invalid access: \(r.title)."
            if let o = r.object, let history = ObjectHistory(o) {
                ev.append(Evidence(.objectHistory, history.fact))
                summary += " " + history.sentence
            }
            return make("kasan", summary, ev)
        },
        Rule(cause: "slub-poison") { r in
            guard r.kind.isMemoryFault || r.kind == .unknown || r.kind == .pagingRequest || r.format == .x86GPF else { return nil }
            let row: Evidence
            let off: Int64
            if let a = r.fault?.address, case .slubPoison(let o) = AddressClass.of(a.value, arch: r.arch) {
                off = o
                row = Evidence(.freePoison, "fault address \(a) is SLUB's free poison 0x6b6b6b6b6b6b6b6b \(signedOffset(o)): a pointer read out of poisoned slab memory")
            } else if let c = KasanShadowCheck.checked(r), case .slubPoison(let o) = AddressClass.of(c.range.lowerBound, arch: r.arch) {
                // KASAN's shadow check faulted on the shadow; its range line or its registers
                // give the access.
                off = o
                row = Evidence(.freePoison, "\(c.fact), SLUB's free poison 0x6b6b6b6b6b6b6b6b \(signedOffset(o)): a pointer read out of poisoned slab memory")
            } else {
                return nil
            }
            var ev = [row]
            ev += replayEvidence(r)
            // SLUB fills a freed object with 0x6b, and with poisoning on also a fresh one: the
            // pointer came from a freed object or from a field never initialised.
            return make("slub-poison",
                        "A pointer read out of memory filled with SLUB's free poison (0x6b) was dereferenced \(dereferenceSite(off))\(inCulprit(r)): the object holding it had been freed (a use after free) or, with slub_debug poisoning, was new and the field never set.", ev,
                        fix: "Find who freed the object (KASAN, or slub_debug=U for the allocation and free stacks) and fix the lifetime, or initialise the field.")
        },
        // x86 raises #SS, not #GP, for a non-canonical address based on RSP or RBP: RBP holding
        // SLUB's free poison is the pointer (`lock orb $0x2,0x0(%rbp)` on a freed object's field;
        // a poisoned RSP would end in a double fault instead).
        Rule(cause: "slub-poison") { r in
            guard r.format == .x86Trap, r.message.includes("stack segment"), r.oops?.flags.contains("KASAN") != true,
                  let rbp = r.registers?["rbp"], case .slubPoison = AddressClass.of(rbp, arch: r.arch) else { return nil }
            return make("slub-poison",
                        "A pointer read out of memory filled with SLUB's free poison (0x6b) was dereferenced through RBP\(inFaultingFunction(r)): the object holding it had been freed (a use after free) or, with slub_debug poisoning, was new and the field never set.",
                        [Evidence(.freePoison, "stack segment fault: x86 raises #SS for a non-canonical address based on RSP or RBP, and RBP = \(Hex64(rbp)) is SLUB's free poison")],
                        fix: "Find who freed the object (KASAN, or slub_debug=U for the allocation and free stacks) and fix the lifetime, or initialise the field.")
        },
        // kfree() or a page lookup of a poisoned pointer faults at the poison's struct page
        // (``PoisonPage``), an address no other pointer bug produces.
        Rule(cause: "slub-poison") { r in
            guard r.arch == .arm64, r.kind.isMemoryFault || r.kind == .unknown, let a = r.fault?.address,
                  let hit = PoisonPage.of(a.value) else { return nil }
            let free = hit.poison == KernelConstants.slubFreePoison
            let memory = free ? "SLUB's free poison (0x6b)" : "POISON_INUSE (0x5a)"
            let why = free ? "the object holding it had been freed (a use after free) or, with slub_debug poisoning, was new and the field never set"
                : "SLUB's padding around objects, or a field of an object the old SLAB allocator had just handed out, never initialised"
            return make("slub-poison",
                        "A pointer read out of memory filled with \(memory) was passed to kfree() or another page lookup\(inCulprit(r)): \(why).",
                        [Evidence(free ? .freePoison : .uninitPoison,
                                  "fault address \(a) is the struct page of \(Hex64(hit.poison)) (its page frame times a 64-byte struct page, \(hit.pageKiB) KiB pages, field +\(Hex64(hit.offset))): virt_to_page() of a poisoned pointer")]
                            + replayEvidence(r),
                        fix: free ? "Find who freed the object (KASAN, or slub_debug=U for the allocation and free stacks) and fix the lifetime, or initialise the field."
                            : "Initialise the pointer before it is freed or used.")
        },
        Rule(cause: "slub-poison") { r in
            guard let a = r.fault?.address, case .slubUninitialised(let off) = AddressClass.of(a.value, arch: r.arch) else { return nil }
            return make("slub-poison", "A pointer read out of memory filled with POISON_INUSE (0x5a) was dereferenced\(inCulprit(r)): SLUB's padding around objects, or an object the old SLAB allocator had just handed out uninitialised.",
                        [Evidence(.uninitPoison, "fault address \(a) is SLUB's in-use poison 0x5a5a5a5a5a5a5a5a \(signedOffset(off))")] + replayEvidence(r))
        },
        Rule(cause: "list-poison") { r in
            func poisoned(_ which: Int, _ off: Int64, _ row: Evidence) -> Diagnosis {
                make("list-poison",
                     "A list entry was used after list_del(): its \(which == 1 ? "next" : "prev") pointer is LIST_POISON\(which) and was dereferenced\(off == 0 ? "" : " " + dereferenceSite(off))\(inCulprit(r)).",
                     [row] + replayEvidence(r),
                     fix: "The entry was deleted from its list (list_del) and then used as if still linked: find the missing list_del_init / locking.")
            }
            func poison(_ which: Int) -> Hex64 { Hex64(which == 1 ? AddressClass.listPoison1 : AddressClass.listPoison2) }
            if let a = r.fault?.address, case .listPoison(let which, let off) = AddressClass.of(a.value, arch: r.arch) {
                return poisoned(which, off, Evidence(.listPoison, "fault address \(a) is LIST_POISON\(which) (\(poison(which))) \(signedOffset(off))"))
            }
            // KASAN's check of the access faulted on the poison's shadow.
            if r.kind.isMemoryFault || r.format == .x86GPF, let c = KasanShadowCheck.checked(r),
               case .listPoison(let which, let off) = AddressClass.of(c.range.lowerBound, arch: r.arch) {
                return poisoned(which, off, Evidence(.listPoison, "\(c.fact), LIST_POISON\(which) (\(poison(which))) \(signedOffset(off))"))
            }
            // Only a list check's report: a bad page's dump prints the poison its lru holds after
            // a normal list_del().
            guard GenericRules.isListCheck(r),
                  // The check names the poison (`->next is LIST_POISON1 (dead000000000100)`): the
                  // name survives a mail wrap that moves the value to a line of its own.
                  GenericRules.listCheckPrints(r, ["dead000000000100", "dead000000000122", "dead000000000200", "is LIST_POISON"]) else { return nil }
            return make("list-poison", "List corruption: an entry already removed by list_del() (its pointers are LIST_POISON) was deleted or walked again\(inCulprit(r)).",
                        [Evidence(.listCheckPoison, "the list-debug check printed LIST_POISON (0xdead000000000100, …122, or …200 before 4.5)")])
        },
        // A list check that read SLUB's free poison where a neighbour's pointer should be
        // (`next->prev should be prev (…), but was 6b6b6b6b6b6b6b6b`): that entry lies in
        // freed memory, still linked.
        Rule(cause: "slub-poison") { r in
            guard GenericRules.isListCheck(r), GenericRules.listCheckPrints(r, ["6b6b6b6b6b6b6b6b"]) else { return nil }
            return make("slub-poison", "List corruption through freed memory\(inCulprit(r)): the list check read SLUB's free poison (0x6b6b6b6b6b6b6b6b) where a neighbouring entry's pointer should be, so an entry still linked into the list had been freed (a use after free).",
                        [Evidence(.freePoison, "the list-debug check printed SLUB's free poison 6b6b6b6b6b6b6b6b as a pointer it read")],
                        fix: "Find who freed the still-linked entry (KASAN, or slub_debug=U for the free stack) and unlink it (list_del) before freeing, under the list's lock.")
        },
        Rule(cause: "error-pointer") { r in
            guard let a = r.fault?.address else { return nil }
            let row: Evidence
            let name: String
            if case .errorPointer(let e) = AddressClass.of(a.value, arch: r.arch) {
                name = ErrnoNames.names[e].map { "-\($0)" } ?? "-\(e)"
                row = Evidence(.errorPointer, "fault address \(a) lies in the last page of the address space, where ERR_PTR(-errno) values live (\(name) = \(a) if no member offset was added)")
            } else if let p = r.replay, p.status == .reproduced, let base = p.baseValue, let reg = p.baseRegister,
                      case .errorPointer(let e) = AddressClass.of(base.value, arch: r.arch),
                      // (NULL indexed below zero, `add x1, x0, w1, sxtw #3` with x0 = NULL, is
                      // no ERR_PTR: the null-pointer rule says so.)
                      NullDereference.of(r).isIndexed == false {
                // A member offset added to an ERR_PTR wraps past zero: the base register tells.
                name = ErrnoNames.names[e].map { "-\($0)" } ?? "-\(e)"
                row = Evidence(.errorPointer, "\(reg) = \(base) is ERR_PTR(\(name)); the access at offset \(p.offset?.description ?? "?") from it wrapped to \(a)")
            } else {
                return nil
            }
            // A multiple of 8 is also container_of() of a NULL member pointer: members that
            // hold pointers (a list_head, a work item) sit at pointer-aligned offsets.
            let pointerValue = r.replay.flatMap { $0.status == .reproduced ? $0.baseValue?.value : nil } ?? a.value
            var rows = [row]
            if pointerValue > 0xffff_ffff, pointerValue % 8 == 0 {
                let member = Hex64(0 &- pointerValue)
                rows.append(Evidence(.rivalExplanation, "\(Hex64(pointerValue)) is also NULL - \(member): container_of() of a NULL pointer to a member at offset \(member) (a list entry, a work item) gives the same value"))
            }
            return make("error-pointer", "An ERR_PTR value (about ERR_PTR(\(name))) was dereferenced as if it were a valid pointer\(inCulprit(r)): a missing IS_ERR() check\(rows.count > 1 ? ", or container_of() of a NULL member pointer, which gives the same value" : "").",
                        rows + replayEvidence(r),
                        fix: "Check the pointer with IS_ERR()/PTR_ERR() where it is returned (\(name == "-EPROBE_DEFER" ? "EPROBE_DEFER: the supplier was not ready; return it from probe" : "propagate the error")).")
        },
        // Just below zero but past every ERR_PTR: container_of() of a NULL member pointer
        // (`list_entry(NULL, …)`, `container_of(work, …)` of a NULL work), then read.
        Rule(cause: "null-pointer") { r in
            guard let a = r.fault?.address, !NullDereference.isAlignmentFault(r),
                  case .nullMinusOffset(let below) = AddressClass.of(a.value, arch: r.arch) else { return nil }
            return make("null-pointer", "A NULL pointer went through container_of() and was dereferenced\(inCulprit(r)): the address is NULL - \(Hex64(below)), the structure around a NULL member pointer (a list entry, a work item).",
                        [Evidence(.nullMinusOffset, "fault address \(a) is NULL - \(Hex64(below)): below every ERR_PTR value (ERR_PTR(-errno) plus a member offset is at least -\(KernelConstants.maxKernelErrno)), where container_of() puts the structure of a NULL member pointer")] + replayEvidence(r),
                        fix: "Find where the member pointer (a list's first entry, a work or timer callback's argument) can be NULL, and check it before container_of() (list_first_entry_or_null() for lists).")
        },
        // An instruction fetch in the NULL page: the address is the pc, the value of the function
        // pointer that was called (a NULL structure's member would have faulted on the read of
        // the pointer first). At 0 that pointer was NULL; anywhere else in the page it held a
        // small integer, which no pointer arithmetic on NULL produces: garbage.
        Rule(cause: "null-pointer") { r in
            guard let a = fetchInNullPage(r), a == 0 else { return nil }
            return make("null-pointer", "A NULL function pointer was called\(branchedFrom(r).map { " from " + $0 } ?? ""): the CPU fetched its next instruction from address 0.",
                        [Evidence(.nullOffset, "instruction fetch at 0x0: the pc is 0" + lrNote(r))])
        },
        // The class follows the kernel's own word for the address: x86 calls any fault in the
        // NULL page a NULL pointer dereference; arm64 says so only below PAGE_SIZE, and its
        // `paging request` for a user-half address is a garbage pointer (README's table).
        Rule(cause: "null-pointer") { r in
            guard let a = fetchInNullPage(r), a != 0, r.kind == .nullPointerDereference else { return nil }
            return make("null-pointer", garbageBranch(r, a), [Evidence(.userHalfGarbage, garbageBranchRow(r, a))])
        },
        // A paste that begins at its register dump (no headline, no ESR, no fault address) and
        // ends in die()'s marker: the instruction at the pc, replayed, reads or writes the NULL
        // page through a register that holds NULL. A data abort there is the likely exception,
        // but nothing printed says so: consistent with a NULL dereference, below 0.8.
        Rule(cause: "null-pointer") { r in
            guard r.kind == .unknown, r.fault == nil, r.oops == nil, r.endTrace != nil,
                  r.replay?.access == .read || r.replay?.access == .write,
                  let n = replayedNullPageAccess(r), n.base == 0 else { return nil }
            let verb = r.replay?.access == .write ? "writes" : "reads"
            return make("null-pointer", "Consistent with a NULL pointer dereference\(inCulprit(r)): the paste begins at the register dump, so no line says what faulted, but the instruction at the pc (`\(n.instruction)`) \(verb) \(n.address) through \(n.register) = NULL.",
                        [Evidence(.replayedAddressUnconfirmed, "replaying `\(n.instruction)` with the dumped registers \(verb) \(n.address): \(n.register) = 0x0 plus \(n.offset); the report prints no ESR or fault address to confirm that this access faulted")])
        },
        Rule(cause: "non-canonical") { r in
            guard let a = fetchInNullPage(r), a != 0 else { return nil }
            return make("non-canonical", garbageBranch(r, a), [Evidence(.nonCanonical, garbageBranchRow(r, a))])
        },
        Rule(cause: "null-pointer") { r in
            // KASAN's shadow check faults on the shadow of the access, not on it: its range line
            // gives the access (x86 GPF; arm64 tag-based KASAN's `probably user-memory-access`).
            let faultKind = r.kind.isMemoryFault || r.kind == .nullPointerDereference
            let printed = faultKind ? kasanRange(r) : nil
            let check = faultKind && printed == nil ? KasanShadowCheck.access(r) : nil
            let range = (printed ?? check?.range).flatMap { $0.upperBound < KernelConstants.nullPageLimit ? $0 : nil }
            let kasanNull = (r.format == .x86GPF && r.kind == .nullPointerDereference) || range != nil
            guard r.kind == .nullPointerDereference || r.kind.isMemoryFault || kasanNull else { return nil }
            var ev: [Evidence] = []
            let pointer: NullDereference
            if kasanNull {
                pointer = .null(offset: nil)
                if let f = faultEvidence(r, as: .faultAddress) { ev.append(f) }
                if let c = check, let range {
                    ev.append(Evidence(.kasanNullRange, "the faulting instruction is KASAN's shadow check (\(c.instruction), \(c.offset) = KASAN_SHADOW_OFFSET): the checked address is \(c.shifted) << 3 = NULL + \(offsets(range))"))
                } else {
                    ev.append(Evidence(.kasanNullRange, "KASAN decodes the faulting (shadow) address as a NULL pointer plus " + (range.map(offsets) ?? "a small offset")))
                }
            } else if let replayed = replayedNullAccess(r) {
                // The report printed no fault address (`Internal error: Oops` alone), but its ESR
                // says a translation fault and the replayed access goes through NULL.
                pointer = replayed.pointer
                ev.append(replayed.row)
            } else {
                pointer = NullDereference.of(r)
                guard pointer.isNullDerived, let f = faultEvidence(r, as: .nullOffset) else { return nil }
                ev.append(f)
                if case .indexed(_, let o) = pointer {
                    ev.append(Evidence(.pointerOrigin, "the base register was computed by `\(o.instruction)` at pc\(o.relative) from \(o.sourceRegister ?? "a register") = 0x0 in the dump"))
                } else if let rival = GenericRules.errorPointerRival(r) { ev.append(rival) }
            }
            ev += replayEvidence(r)
            let off: String? = kasanNull ? range.map(offsets) : (r.fault?.address ?? (r.fault?.address == nil ? r.replay?.address : nil)).map(\.description)
            // s390 prints the failing address to its page: the member lies somewhere in it.
            let at = GenericRules.failingPageOnly(r) ? off.map { " within the page at \($0) (s390 prints the failing address to the page)" }
                : off.map { " at member offset \($0)" }
            var summary = "A NULL pointer was dereferenced" + (at ?? "") + "\(inCulprit(r))."
            // (Under KASAN the replayed access is the shadow check's, not the pointer's.)
            if !kasanNull, let p = r.replay, p.status == .reproduced, let base = p.baseRegister {
                switch pointer {
                case .null:
                    summary = "\(culpritName(r) ?? "The kernel") dereferenced a NULL pointer held in \(base), \(p.access == .write ? "writing" : "reading") the member at offset \(p.signedOffset ?? p.offset?.description ?? off ?? "?")."
                case .derived(let value):
                    summary = "\(culpritName(r) ?? "The kernel") dereferenced \(base) = \(Hex64(value)), not a pointer but NULL plus \(Hex64(value)) (a member's address taken through a NULL pointer), \(p.access == .write ? "writing" : "reading") at offset \(p.signedOffset ?? p.offset?.description ?? "?") from it."
                case .indexed(let value, let origin):
                    summary = "\(culpritName(r) ?? "The kernel") \(p.access == .write ? "wrote" : "read") at offset \(p.signedOffset ?? p.offset?.description ?? "?") from \(base) = \(Hex64(value)), which `\(origin.instruction)` computed from \(origin.sourceRegister ?? "a register") = NULL: an array or object reached through a NULL pointer, plus an index."
                case .no:
                    break
                }
                if let o = p.baseOrigin, o.how == "load", let src = o.sourceRegister, let so = o.sourceOffset {
                    summary += " The pointer was loaded from \(loadSource(src, so))."
                }
            }
            return make("null-pointer", summary, ev)
        },
        // KASAN's shadow check faulted on the shadow of a user-half address, and KASAN says so
        // (`probably user-memory-access in range [0x0000000100000000-0x0000000100000007]`).
        Rule(cause: "user-address") { r in
            guard r.kind.isMemoryFault || r.format == .x86GPF, let range = kasanRange(r),
                  range.lowerBound >= KernelConstants.nullPageLimit, AddressClass.of(range.lowerBound, arch: r.arch) == .user,
                  (r.rawLines ?? []).contains(where: { $0.includes("user-memory-access in range") }) else { return nil }
            return make("user-address", "The kernel dereferenced user-space address \(Hex64(range.lowerBound))\(inCulprit(r)) directly (KASAN's check of it faulted on its shadow): a garbage pointer landing in the user half, or a user pointer used without copy_from_user().",
                        [Evidence(.userAddress, "KASAN decodes the faulting (shadow) address as a user-memory access at \(offsets(range))")] + replayEvidence(r))
        },
        // arm64: a permission fault on a user address is PAN stopping a direct access (outside
        // the uaccess routines); a translation fault there is a pointer that merely lands in the
        // user half — garbage, since kernel code never dereferences user pointers directly.
        Rule(cause: "user-address") { r in
            let userFault = r.arch == .arm64 && r.kind.isMemoryFault && r.kind != .executeNonExecutable
                && r.fault?.address.map { AddressClass.of($0.value, arch: r.arch) == .user } == true
            // The kernel's own words (arm64's and riscv's `Unable to handle kernel access to user
            // memory …`), for any address outside the NULL page.
            let saysUser = r.message.includes("access to user memory")
                && r.fault?.address.map { $0.value >= KernelConstants.nullPageLimit } == true
            guard r.kind == .userAccess || saysUser || (userFault && isPermissionFault(r)) else { return nil }
            let fault = faultEvidence(r, as: .userAddress) ?? Evidence(.userAddress, "the report: \(r.message)")
            let pan = isPermissionFault(r) || r.message.includes("uaccess") || r.oops?.reason?.includes("uaccess") == true
            return make("user-address", pan
                        ? "The kernel accessed a user-space address directly, outside the uaccess routines\(r.arch == .arm64 ? ", and PAN (privileged access never) stopped it" : "")\(inCulprit(r))."
                        : "The kernel touched a user-space address\(inCulprit(r)) where no user mapping exists (a kernel thread, whose mm is the kernel's): a garbage or stale user pointer.",
                        [fault] + replayEvidence(r))
        },
        // x86-64: a kernel-mode fault below the user-space limit (not the NULL page). The page
        // fault's error code tells as arm64's ESR does: a present page (bit 0) is a user page the
        // kernel touched directly (SMAP), a missing one a garbage pointer in the user half.
        Rule(cause: "user-address") { r in
            guard r.arch == .x86_64, r.kind.isMemoryFault, r.kind != .executeNonExecutable, let a = r.fault?.address,
                  AddressClass.of(a.value, arch: r.arch) == .user, r.oops?.code.map({ $0.value & 1 == 1 }) != false else { return nil }
            guard let code = r.oops?.code else {
                return make("user-address", "The kernel touched user-space address \(a)\(inCulprit(r)): a user pointer dereferenced directly instead of through copy_from_user()/get_user(), or a garbage pointer that lands in the user half.",
                            [Evidence(.userHalfGarbage, "fault address \(a) lies below the x86-64 user-space limit (0x0000800000000000), above the NULL page; no error code says whether a page was there")])
            }
            return make("user-address", "The kernel accessed a present user page at \(a) directly\(inCulprit(r)), outside copy_from_user()/get_user(): SMAP stopped it.",
                        [Evidence(.userAddress, "fault address \(a) is a user address, and the page-fault error code \(code) says the page was present (a protection fault)")])
        },
        // (A user-half address is canonical: the kernel touched a user address, here one where
        // nothing was mapped.)
        Rule(cause: "user-address") { r in
            guard r.arch == .x86_64, r.kind.isMemoryFault, r.kind != .executeNonExecutable, let a = r.fault?.address,
                  AddressClass.of(a.value, arch: r.arch) == .user, let code = r.oops?.code, code.value & 1 == 0 else { return nil }
            return make("user-address", "The kernel touched user-space address \(a)\(inCulprit(r)) where nothing was mapped: kernel code never dereferences the user half directly, so a garbage pointer (corrupted memory, an uninitialised field) or a user pointer used without copy_from_user().",
                        [Evidence(.userHalfGarbage, "fault address \(a) is a user-half address, and the page-fault error code \(code) says no page was present")])
        },
        Rule(cause: "non-canonical") { r in
            guard r.arch == .arm64, r.kind.isMemoryFault, r.kind != .executeNonExecutable, let a = r.fault?.address,
                  AddressClass.of(a.value, arch: r.arch) == .user, r.fault?.esrDecoded?.dfsc != nil, !isPermissionFault(r) else { return nil }
            return make("non-canonical", "A garbage pointer was dereferenced\(inCulprit(r)): \(a) lies in the user half of the address space, which kernel code never dereferences directly; corrupted memory or an uninitialised pointer.",
                        [Evidence(.userHalfGarbage, "fault address \(a) is a user-half address reached by a translation fault in kernel mode (not a PAN permission fault)")]
                        + replayEvidence(r))
        },
        Rule(cause: "non-canonical") { r in
            // x86 raises a page fault only for a canonical address (a non-canonical one is a
            // #GP): under 5-level paging `ff11…` is the direct map, not a garbage pointer.
            if r.arch == .x86_64 && r.format == .x86PageFault { return nil }
            // (CR2 is the last page fault's address: stale for a #GP, which has none.)
            guard r.kind.isMemoryFault || r.format == .x86GPF, let a = r.fault?.address ?? (r.format == .x86GPF ? nil : r.fault?.cr2) else {
                // Under KASAN every access is preceded by a shadow check, whose address for a NULL
                // pointer (0xdffffc…) is itself non-canonical: a #GP there says nothing of the
                // pointer, which KasanShadowCheck decodes where it can (the null-pointer rule).
                if r.format == .x86GPF, r.oops?.flags.contains("KASAN") != true, !GenericRules.gpfAddressDecodedCanonical(r) {
                    return make("non-canonical", "A general protection fault: a non-canonical (garbage) pointer was dereferenced\(inCulprit(r)).",
                                [Evidence(.nonCanonical, "general protection fault: x86 raises #GP, not a page fault, for a non-canonical address (kernels from about 5.5 print it as 'probably for non-canonical address')")])
                }
                // A trace pasted without its headline whose die_addr() was called from the #GP
                // handler: the same fault, its address and KASAN flag unknown (kind from
                // KindClassifier.headlessKind).
                if r.isHeadlessGeneralProtection {
                    return make("non-canonical", "A general protection fault\(inCulprit(r)): a non-canonical (garbage) pointer is its common cause, though a misaligned vector access or a segment fault also raise it; the report's head, with the address, is missing.",
                                [Evidence(.nonCanonical, "general protection fault: the trace runs from x86's #GP handler (exc_general_protection) into die_addr(); x86 raises #GP, not a page fault, for a non-canonical address")])
                }
                return nil
            }
            // A #GP whose kernel checked the address itself (`probably for non-canonical address
            // 0xffff000000000800`), without KASAN's shadow check in between.
            if r.format == .x86GPF, r.message.includes("probably for non-canonical address"), r.oops?.flags.contains("KASAN") != true {
                return make("non-canonical", "A garbage (non-canonical) pointer was dereferenced\(inCulprit(r)): corrupted memory or an uninitialised pointer.",
                            [Evidence(.nonCanonical, "general protection fault: the kernel found \(a) non-canonical ('probably for non-canonical address')")])
            }
            guard AddressClass.of(a.value, arch: r.arch) == .nonCanonical, TaggedPointer.tag(of: a.value, in: r) == nil else { return nil }
            return make("non-canonical", "A garbage (non-canonical) pointer was dereferenced\(inCulprit(r)): corrupted memory or an uninitialised pointer.",
                        [Evidence(.nonCanonical, "fault address \(a) is outside both canonical halves of the address space")] + replayEvidence(r))
        },
        // x86's #SS(0) in 64-bit mode: a non-canonical address in a reference based on RSP or
        // RBP (`stack segment: 0000 [#1]`). Under KASAN the shadow check may be what faulted (a
        // NULL pointer's shadow is itself non-canonical): no claim there, as for a #GP.
        Rule(cause: "non-canonical") { r in
            guard r.format == .x86Trap, r.message.includes("stack segment"), r.oops?.flags.contains("KASAN") != true else { return nil }
            return make("non-canonical", "A stack-segment fault: a non-canonical (garbage) pointer based on RSP or RBP was dereferenced\(inFaultingFunction(r)): corrupted memory or an uninitialised pointer.",
                        [Evidence(.nonCanonical, "stack segment fault: in 64-bit mode x86 raises #SS(0), not a page fault, for a non-canonical address in a memory reference based on RSP or RBP")])
        },
        // x86-64 maps nothing a kernel pointer should hold between the canonical boundary and
        // the direct map (Documentation/arch/x86/x86_64/mm.rst: the guard hole and the PTI LDT
        // remap, 0xffff800000000000–0xffff887fffffffff): a fault there is a garbage pointer.
        Rule(cause: "non-canonical") { r in
            guard r.arch == .x86_64, r.kind.isMemoryFault, let a = r.fault?.address,
                  X86Layout.guardHole.contains(a.value) else { return nil }
            let ev = [Evidence(.guardHole, "fault address \(a) lies in x86-64's guard hole below the direct map (0xffff888000000000), where no kernel object lives")]
            return make("non-canonical", "A garbage kernel pointer (in the unmapped guard hole) was dereferenced\(inCulprit(r)): corrupted memory or a freed object's stale pointer.",
                        ev + replayEvidence(r))
        },
        Rule(cause: "external-abort") { r in
            guard r.kind == .serror else { return nil }
            let fix = "For a device access, check the device's clocks, power domain and runtime-PM state around it (and the address mapping); for RAM, look for the firmware's or EDAC's memory-error report, and for firmware-reserved memory the kernel was allowed to touch."
            let said = (r.message + " " + (r.oops?.reason ?? "")).lowercased()
            // RISC-V's access faults (causes 1, 5, 7) are synchronous: PMP/PMA or the bus refused
            // the access, or the page-table walk for it.
            if said.contains("access fault") {
                return make("external-abort", "An access fault\(inFaultingFunction(r)): physical memory protection (PMP/PMA) or the bus refused the access, or the page-table walk for it. For a device that is typically one not clocked or powered, or an address with nothing behind it; for RAM, memory the firmware keeps for itself.",
                            [Evidence(.externalAbort, "the report: \(r.message) (a RISC-V access fault, raised by PMP/PMA or the bus rather than by a missing mapping)")], fix: fix)
            }
            // Asynchronous: arm64's SError (EC 0x2F), arm32's imprecise abort, LPAE's
            // `asynchronous external abort`. Synchronous: an arm64 abort class (its walk and
            // parity aborts too), arm32's precise `external abort on …`. Else (a powerpc machine
            // check, a bad-mode report) the report does not say which.
            let ec = r.fault?.esrDecoded?.ec.value
            let async = ec == 0x2f || said.contains("serror") || said.contains("imprecise external abort") || said.contains("asynchronous")
            let sync = !async && ([0x20, 0x21, 0x24, 0x25].contains(ec ?? 0xff) || said.contains("external abort"))
            let devicesOrRAM = "For a device register that is typically a device that is not clocked or powered, or an address with nothing behind it; for RAM, an uncorrectable memory error or memory the firmware keeps for itself."
            if sync {
                let row = r.fault?.esrDecoded.map { d in
                    "ESR \(r.fault?.esr?.description ?? ""): \(d.ecName)\(d.dfscName.map { ", \($0)" } ?? "")" + (d.dfscName?.contains("synchronous") == true ? "" : " (a synchronous abort)")
                } ?? "the report: \(r.message)"
                return make("external-abort", "A synchronous external abort\(inFaultingFunction(r)): the bus or the memory behind it answered the access with an error. " + devicesOrRAM,
                            [Evidence(.externalAbort, row)], fix: fix)
            }
            if async {
                return make("external-abort", "An SError (asynchronous external abort): the memory system reported an error after the fact, so the interrupted code need not be what made the access. Often a device access that failed (unclocked or powered-down IP, a bad bus address); sometimes an uncorrectable memory error.",
                            [Evidence(.externalAbort, "SError interrupt")], fix: fix)
            }
            return make("external-abort", "The memory system reported an error\(inFaultingFunction(r)) (an external abort or machine check; the report does not say whether the access at the pc caused it). " + devicesOrRAM,
                        [Evidence(.externalAbort, "the report: \(r.message)")], fix: fix)
        },
        Rule(cause: "stack-overflow") { r in
            guard r.kind == .stackOverflow else { return nil }
            var ev = [Evidence(.stackOverflow, "the kernel reported a stack overflow: \(r.message)")]
            // The function the trace is full of is the one that recursed.
            if let (name, n) = mostRepeatedFrame(r), n >= recursionFrames {
                ev.append(Evidence(.recursion, "\(name) appears \(n) times in the call trace"))
                return make("stack-overflow", "The kernel stack overflowed: \(name) recursed without bound (\(n) of its frames in the trace)\(inCulprit(r).isEmpty || culpritName(r) == name ? "" : ", called from" + inCulprit(r).dropFirst(3)).", ev)
            }
            return make("stack-overflow", "The kernel stack overflowed (unbounded recursion or a huge stack frame)\(inCulprit(r)).", ev)
        },
        // lockdep's and RCU's checkers print `WARNING: <what>` (before 4.15 `[ BUG: <what> ]`)
        // headlines of their own, not WARN_ON() or BUG().
        Rule(cause: "lockdep") { r in
            guard r.kind == .warning || r.kind == .bug, let finding = Lockdep.finding(in: r.message) else { return nil }
            let evidence = [Evidence(.headline, "the report: \(r.message)")]
            switch finding {
            case "suspicious rcu usage":
                return make("lockdep", "lockdep's RCU checker found \(finding)\(inCulprit(r)): an RCU-protected pointer used without the protection its access requires (rcu_read_lock() or the update-side lock); the kernel went on.", evidence, fix: Lockdep.readTheReport)
            case "trying to register non-static key":
                // register_lock_class() turns lockdep off (debug_locks_off()) before printing this.
                return make("lockdep", "lockdep met a lock whose key is not static\(inCulprit(r)): a lock taken before it was initialised (no spin_lock_init() or mutex_init() set its key), or one whose key lies in allocated memory lockdep was not told of; lockdep turned itself off, so later locking bugs of this boot go unreported.", evidence,
                            fix: "Initialise the lock the trace takes (spin_lock_init(), mutex_init(), …) before the first path that can take it, or give it a static key (a key in allocated memory must be registered: lockdep_register_key(), since 5.1).")
            default:
                return make("lockdep", "lockdep (the kernel's lock validator) found a locking bug: \(finding)\(inCulprit(r)); the kernel went on, but the rule it broke can deadlock or corrupt data on another run.", evidence, fix: Lockdep.readTheReport)
            }
        },
        // The other checkers that print a headline of their own (CheckerFindings).
        Rule(cause: "checker") { r in
            guard r.kind == .bug || r.kind == .warning || r.kind == .softLockup || r.kind == .outOfMemory,
                  let row = CheckerFindings.finding(for: r) else { return nil }
            // A record of the object (kmemleak's) says where it was allocated, which is more
            // than the culprit frame.
            if let o = r.object, let history = ObjectHistory(o) {
                return make(row.cause, row.finding + ". " + history.sentence,
                            [Evidence(.headline, "the report: \(r.message)"), Evidence(.objectHistory, history.fact)], fix: row.fixWhenTracked)
            }
            return make(row.cause, row.finding + "\(inCulprit(r)).", [Evidence(.headline, "the report: \(r.message)")], fix: row.fix)
        },
        // arm64's do_undefinstr() BUG()s on an undefined instruction in kernel mode
        // (BUG_ON(!user_mode(regs)), until 6.5 made it die("Oops - Undefined instruction")): the
        // instruction is where the exception entry interrupted, the frame below it.
        Rule(cause: "undefined-instruction") { r in
            guard r.kind == .bug, r.site?.file?.hasSuffix("arm64/kernel/traps.c") == true,
                  r.pc?.baseSymbol == "do_undefinstr" || r.trace.prefix(2).contains(where: { $0.baseSymbol == "do_undefinstr" }) else { return nil }
            let entry = r.trace.firstIndex { ["el1h_64_sync", "el1_sync"].contains($0.baseSymbol) }
            let at = entry.flatMap { $0 + 1 < r.trace.count ? r.trace[$0 + 1] : nil }
            return make("undefined-instruction", "The CPU executed an undefined instruction in kernel mode\(at.map { " at " + $0.printed } ?? ""): do_undefinstr() found no handler for it and BUG()ed.",
                        [Evidence(.headline, "the report: \(r.message)" + (at.map { "; the exception interrupted \($0.printed)" } ?? ""))])
        },
        Rule(cause: "bug") { r in
            guard r.kind == .bug else { return nil }
            let site = r.site?.file.map { $0 + (r.site?.line.map { ":\($0)" } ?? "") }
            let assertion = site != nil || r.message.includes("kernel BUG") || r.oops?.reason.map { $0 == "BUG" || $0.hasPrefix("Oops - BUG") } == true
            guard assertion else {
                // A checker's headline no row explains: restate it, claim nothing more.
                return make("bug", "The kernel's run-time checks reported a bug\(inCulprit(r)): \(r.message)",
                            [Evidence(.unexplainedHeadline, "the report: \(r.message)")])
            }
            return make("bug", "A BUG() assertion fired" + (site.map { " at \($0)" } ?? "") + "\(inAssertingFunction(r)).",
                        [Evidence(.assertion, "the report: \(r.message)")])
        },
        Rule(cause: "warning") { r in
            guard r.kind == .warning else { return nil }
            let site = r.site?.file.map { $0 + (r.site?.line.map { ":\($0)" } ?? "") }
            return make("warning", "A WARN_ON() fired" + (site.map { " at \($0)" } ?? "") + "\(inAssertingFunction(r)); the kernel went on.",
                        [Evidence(.headline, "the report: \(r.message)")])
        },
        // arm64 prints `paging request` for any data abort it has no better word for: the ESR's
        // fault status says alignment where it is one.
        Rule(cause: "alignment") { r in
            let byESR = NullDereference.isAlignmentFault(r)
            guard r.kind == .alignment || byESR else { return nil }
            var ev = [Evidence(.alignmentFault, byESR ? "ESR \(r.fault?.esr?.description ?? "?"): DFSC 0x21, an alignment fault" : "the ESR or message reports an alignment fault")]
            var summary = "An alignment fault (a misaligned access to device memory, an exclusive/atomic access, or a misaligned sp/pc)\(inCulprit(r))."
            if let p = r.replay, p.status == .reproduced, let insn = p.instruction, let a = p.address, let size = p.size, size > 1,
               a.value % UInt64(size) != 0 {
                ev.append(Evidence(.replayAgrees, "replaying `\(insn)` with the dumped registers reproduces the fault address: \(size) bytes at \(a)"))
                let atomic = NullDereference.isExclusiveOrAtomic(insn)
                summary = "An alignment fault\(inCulprit(r)): `\(insn)` accesses \(size) bytes at \(a), which is not \(size)-byte aligned"
                    + (atomic ? "; exclusive and atomic (LSE) accesses need natural alignment even to normal memory." : ".")
                // In the NULL page the pointer was bad as well, and no member of a NULL
                // structure: the fields an atomic works on are naturally aligned.
                if atomic, a.value < KernelConstants.nullPageLimit {
                    summary += " The address lies in the NULL page but is no member of a NULL structure (a field an atomic works on is aligned): the pointer itself was bad."
                    // (The replayed base is the address itself: the offset was added before.)
                    if p.offset?.value ?? 0 == 0, let rival = GenericRules.errorPointerRival(r, onArm64: true) {
                        ev.append(rival)
                        summary += " The register dump offers a reading: \(rival.fact)."
                    }
                }
            }
            return make("alignment", summary, ev)
        },
        Rule(cause: "iommu-fault") { r in
            guard r.kind == .iommuFault else { return nil }
            // AMD-Vi's events other than IO_PAGE_FAULT are no refused access.
            if let f = r.iommu, f.driver == "AMD-Vi", f.type == "event", let name = f.eventName {
                let meaning = AMDViEvents.meaning[name].map { ": \($0)" } ?? ""
                return make("iommu-fault", "The AMD IOMMU logged \(name) for device \(f.instance ?? "?")\(meaning).",
                            [Evidence(.iommuReport, "the IOMMU reported: \(r.message)")])
            }
            return make("iommu-fault", "The IOMMU refused a device access (\(r.title)).",
                        [Evidence(.iommuReport, "the IOMMU reported: \(r.message)")])
        },
        // swiotlb had no room for a bounce buffer; its numbers tell a mapping too big for any
        // bounce buffer from a pool that is used up.
        Rule(cause: "dma-mapping-failure") { r in
            guard r.kind == .dmaMappingFailure else { return nil }
            let s = SwiotlbFull(r.message)
            let size = s?.bytes.map { "\($0) bytes" } ?? "a mapping"
            var ev = [Evidence(.headline, "the report: \(r.message)")]
            let coherent = s?.coherent == true
            var summary = coherent
                ? "A coherent DMA allocation of \(size)\(s?.device.map { " for " + $0 } ?? "") failed: the direct allocation found no free memory the device can reach, and swiotlb, the bounce-buffer pool, had no room for it either; dma_alloc_coherent() returned NULL."
                : "swiotlb, the bounce-buffer pool for DMA the device cannot reach directly, had no room for \(size)\(s?.device.map { " for " + $0 } ?? ""): the mapping failed and the driver got a DMA mapping error."
            let maxBytes = SwiotlbFull.maxSegmentSlots * SwiotlbFull.slotBytes
            if let b = s?.bytes, b > maxBytes {
                ev.append(Evidence(.swiotlbNumbers, "\(b) bytes exceed one bounce buffer's largest size, \(SwiotlbFull.maxSegmentSlots) slots of \(SwiotlbFull.slotBytes) bytes = \(maxBytes) bytes\(s?.usedSlots.map { ", with \($0) of \(s?.totalSlots ?? 0) slots in use" } ?? "")"))
                summary += coherent
                    ? " No bounce buffer can hold it: one takes at most \(maxBytes / 1024) KiB."
                    : " No bounce buffer can hold it: one mapping takes at most \(maxBytes / 1024) KiB, so the driver maps more than dma_max_mapping_size() allows."
            } else if let used = s?.usedSlots, let total = s?.totalSlots, total > 0, used * 10 >= total * 9 {
                ev.append(Evidence(.swiotlbNumbers, "\(used) of \(total) slots in use"))
                summary += " The pool was used up: mappings that are never unmapped (a leak), or more DMA in flight than the pool holds (a larger pool: swiotlb= on the command line)."
            } else if let used = s?.usedSlots, let total = s?.totalSlots {
                ev.append(Evidence(.swiotlbNumbers, "\(used) of \(total) slots in use, yet no run of free slots fitted \(size)"))
                summary += " The pool had free slots but no contiguous run long enough: fragmentation, or a large mapping."
            }
            return make("dma-mapping-failure", summary, ev)
        },
        // 6.15+ hung-task reports name the lock and its likely owner
        // (`INFO: task cat:1803 blocked on a semaphore likely last held by task cat:1802`).
        Rule(cause: "hung-task") { r in
            guard r.kind == .hungTask, let (lock, owner) = hungTaskBlocker(r) else { return nil }
            return make("hung-task", "A task was blocked in uninterruptible sleep for too long\(inCulprit(r)), waiting on \(lock) that task \(owner) likely holds (look at what \(owner) is doing).",
                        [Evidence(.headline, "the report: \(r.message)"),
                         Evidence(.namedBlocker, "the kernel names the blocker: \(lock), held by task \(owner)")])
        },
        // clang's -fsanitize-trap: UBSAN's check is a `brk #0x55NN` in the function itself,
        // and the replay names the check from NN.
        Rule(cause: "ubsan") { r in
            guard r.kind == .ubsan, let p = r.replay, p.status == .notAMemoryAccess, let insn = p.instruction,
                  insn.hasPrefix("brk #0x55"), let meaning = p.note?.pieces(separatedBy: ": ").dropFirst().joined(separator: ": "),
                  !meaning.isEmpty else { return nil }
            let check = meaning.hasPrefix("UBSAN check failed: ") ? String(meaning.dropFirst("UBSAN check failed: ".count)) : meaning
            return make("ubsan", "Undefined behaviour detected by UBSAN\(inFaultingFunction(r)): the instruction at the pc is `\(insn)`, the trap clang emits where a check fails, here \(check).",
                        [Evidence(.headline, "the instruction at the pc is `\(insn)`: \(meaning)")])
        },
    ] + kindRules

    /// Causes that are the class itself, named after it.
    static let kindRules: [Rule] = [
        (CrashKind.ubsan, "ubsan", "Undefined behaviour detected by UBSAN"),
        (.softLockup, "soft-lockup", "A CPU spun in kernel code without scheduling"),
        (.hardLockup, "hard-lockup", "A CPU stopped taking interrupts"),
        (.rcuStall, "rcu-stall", "RCU detected a stalled grace period"),
        (.hungTask, "hung-task", "A task was blocked in uninterruptible sleep for too long"),
        (.outOfMemory, "out-of-memory", "The system ran out of memory and invoked the OOM killer"),
        (.undefinedInstruction, "undefined-instruction", "The CPU executed an undefined instruction"),
        (.pointerAuthentication, "pointer-authentication", "A pointer-authentication check failed (a corrupted return address or function pointer)"),
    ].map { kind, cause, text in
        Rule(cause: cause) { r in
            // (A workqueue lockup is a checker's finding of its own: ``CheckerFindings``.)
            guard r.kind == kind, !(kind == .softLockup && r.message.includes("workqueue lockup")) else { return nil }
            return make(cause, "\(text)\(inCulprit(r)).", [Evidence(.headline, "the report: \(r.message)")])
        }
    }
}

/// The function a report is about, for sentences: the title's, else (a title that names none,
/// `… in corrupted`) the function at the pc, else the WARN/BUG site's; nil when none is known.
func culpritName(_ r: Report) -> String? {
    // A fault whose pc line was lost: the frame the kernel marks as the pc (`(P)`) is where the
    // access happened, even where the title names a caller past generic helpers.
    if r.pc == nil, r.kind.isMemoryFault, let p = r.trace.first(where: { $0.marker == "P" }), !p.baseSymbol.hasPrefix("0x") {
        return p.baseSymbol
    }
    if let f = r.title.pieces(separatedBy: " in ").last, f != r.title, f != "corrupted" { return f }
    if let pc = r.pc?.baseSymbol, !pc.hasPrefix("0x") { return pc }
    if let f = r.site?.function { return Frame.stripCompilerSuffixes(f) }
    // An arm64 fault whose pc line was lost (a trimmed paste): its trace starts at the pc
    // (the frame recent kernels mark `(P)`).
    guard r.arch == .arm64, r.kind.isMemoryFault, let first = r.trace.first(where: { $0.marker == "P" }) ?? r.trace.first,
          !first.baseSymbol.hasPrefix("0x") else { return nil }
    return first.baseSymbol
}

/// The address of an instruction fetch that faulted in the NULL page (the pc itself), if the
/// report is one: arm64's instruction abort, x86's `#PF: … instruction fetch`.
func fetchInNullPage(_ r: Report) -> UInt64? {
    guard r.fault?.access == .exec, let a = r.fault?.address?.value ?? r.pc?.address?.value,
          a < KernelConstants.nullPageLimit else { return nil }
    return a
}

/// The function that branched to a bad pc, for sentences: arm64's lr, else the title's (the
/// trace's first frame past the reporting machinery: the return address a call left).
func branchedFrom(_ r: Report) -> String? {
    if r.arch == .arm64, let lr = r.lr, !lr.baseSymbol.hasPrefix("0x") { return lr.baseSymbol }
    return culpritName(r)
}

func garbageBranch(_ r: Report, _ a: UInt64) -> String {
    "The CPU jumped to \(Hex64(a))\(branchedFrom(r).map { " from " + $0 } ?? ""): a function pointer or return address held a small non-zero value, neither a pointer nor NULL (a call through a NULL structure faults earlier, on reading the pointer at a data address) — corrupted memory, or an object of another type read as this one."
}

func garbageBranchRow(_ r: Report, _ a: UInt64) -> String {
    "instruction fetch at \(Hex64(a)), in the NULL page but not 0: the pc is the bad value itself" + lrNote(r)
}

/// `, lr FRAME` after a bad pc's row: where the branch came from, as printed.
func lrNote(_ r: Report) -> String {
    r.lr.map { ", lr \($0.printed)" } ?? ""
}

/// A NULL access the replay computes for a report that printed no fault address: an arm64
/// translation fault (ESR) whose faulting instruction, run on the dumped registers, goes
/// through a NULL or NULL-derived base.
func replayedNullAccess(_ r: Report) -> (pointer: NullDereference, row: Evidence)? {
    guard r.fault?.address == nil, let dfsc = r.fault?.esrDecoded?.dfsc?.value, (0x04...0x07).contains(dfsc),
          let n = replayedNullPageAccess(r) else { return nil }
    let row = Evidence(.replayedAddress, "the report prints no fault address; replaying `\(n.instruction)` with the dumped registers accesses \(n.address): \(n.register) = \(Hex64(n.base)) plus \(n.offset), and the ESR says a translation fault")
    return (n.base == 0 ? .null(offset: r.replay?.offset?.value) : .derived(base: n.base), row)
}

/// The replayed access when it lands in the NULL page through a base register that holds NULL
/// or a value in the NULL page: what a sentence about it names.
func replayedNullPageAccess(_ r: Report) -> (address: Hex64, base: UInt64, register: String, instruction: String, offset: String)? {
    guard let p = r.replay, let a = p.address, let base = p.baseValue?.value, let reg = p.baseRegister, let insn = p.instruction,
          a.value < KernelConstants.nullPageLimit, base < KernelConstants.nullPageLimit else { return nil }
    return (a, base, reg, insn, p.signedOffset ?? p.offset?.description ?? "0")
}

/// Where a replayed load read a pointer from, for sentences: a stack slot (`sp`/`x29` based) or
/// a member of the object another register points to.
func loadSource(_ register: String, _ offset: Hex64) -> String {
    register == "sp" || register == "x29" ? "the stack (\(register) + \(offset))" : "offset \(offset) of the object in \(register)"
}

/// ` in PC` for an access the pc made (a fault, a synchronous abort), with the title's function
/// where that names a caller past generic helpers (`memcpy`, the page allocator, a lock):
/// ` in kfree (reached from blkcipher_walk_done)`.
func inFaultingFunction(_ r: Report) -> String {
    inFunction(r.pc?.baseSymbol, reachedFrom: culpritName(r))
}

/// ` in FUNC` for the function whose WARN() or BUG() fired (the site the headline names, else
/// the pc): the title may name a caller past generic helpers (`mutex_unlock`), which is not
/// where it fired.
func inAssertingFunction(_ r: Report) -> String {
    inFunction(r.site?.function.map(Frame.stripCompilerSuffixes) ?? r.pc?.baseSymbol, reachedFrom: culpritName(r))
}

/// ` in F (reached from C)`, ` in F` when C is F or unknown, ` in C` when F is unknown. A
/// title that names caller and site (`aiptek_open/usb_submit_urb`) gives the caller.
private func inFunction(_ at: String?, reachedFrom culprit: String?) -> String {
    guard let at, !at.hasPrefix("0x") else { return culprit.map { " in " + $0 } ?? "" }
    let caller = culprit.map { $0.hasSuffix("/" + at) ? String($0.dropLast(at.count + 1)) : $0 }
    return " in " + at + (caller.flatMap { $0 == at ? nil : " (reached from \($0))" } ?? "")
}

/// ` in FUNC` for a sentence, or nothing when the function is not known; a memory fault's is
/// where the access was (``inFaultingFunction(_:)``).
func inCulprit(_ r: Report) -> String {
    r.kind.isMemoryFault ? inFaultingFunction(r) : culpritName(r).map { " in " + $0 } ?? ""
}

/// An arm64 data or instruction abort whose fault status is a permission fault (level 0–3).
func isPermissionFault(_ r: Report) -> Bool {
    guard let fsc = (r.fault?.esrDecoded?.dfsc ?? r.fault?.esrDecoded?.ifsc)?.value else { return false }
    return (0x0c...0x0f).contains(fsc)
}

/// Frames of one function in a trace that make it a recursion rather than a deep call chain.
let recursionFrames = 5

/// The function with the most frames in the report's reliable trace, and how many.
func mostRepeatedFrame(_ r: Report) -> (String, Int)? {
    var counts: [String: Int] = [:]
    for f in r.trace where f.reliable { counts[f.baseSymbol, default: 0] += 1 }
    return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }.map { ($0.key, $0.value) }
}

/// The lock a hung task waits on and the task the kernel thinks holds it, from
/// `blocked on a semaphore likely last held by task cat:1802` or `is blocked on a mutex likely
/// owned by task kworker/0:1:12.`
func hungTaskBlocker(_ r: Report) -> (lock: String, owner: String)? {
    for line in r.rawLines ?? [] where line.includes(" blocked on a") && line.includes(" by task ") {
        guard let afterOn = line.pieces(separatedBy: " blocked on ").last,
              let lock = afterOn.pieces(separatedBy: " likely ").first, lock != afterOn,
              let owner = line.pieces(separatedBy: " by task ").last?.split(separator: " ").first else { continue }
        let name = owner.hasSuffix(".") ? String(owner.dropLast()) : String(owner)
        return (lock, name)
    }
    return nil
}

/// The range KASAN names for a wild access (`KASAN: null-ptr-deref in range
/// [0x0000000000000020-0x0000000000000027]`, `probably user-memory-access in range [0x1370-0x137f]`).
func kasanRange(_ r: Report) -> ClosedRange<UInt64>? {
    func hex(_ s: String) -> UInt64? { UInt64(s.hasPrefix("0x") ? String(s.dropFirst(2)) : s, radix: 16) }
    for line in r.rawLines ?? [] where line.includes("KASAN: ") && line.includes(" in range [") {
        let bounds = line.pieces(separatedBy: " in range [").last?.pieces(separatedBy: "]").first?.pieces(separatedBy: "-") ?? []
        guard bounds.count == 2, let lo = hex(bounds[0]), let hi = hex(bounds[1]), lo <= hi else { continue }
        return lo...hi
    }
    return nil
}

/// `0x20–0x27`: a KASAN range as member offsets (one value when the range is one byte).
func offsets(_ range: ClosedRange<UInt64>) -> String {
    range.lowerBound == range.upperBound ? Hex64(range.lowerBound).description
        : "\(Hex64(range.lowerBound))–\(Hex64(range.upperBound))"
}

/// Where a poisoned pointer was dereferenced, for sentences: at a member offset, or below it
/// when container_of() subtracted the member's offset from the poison first.
func dereferenceSite(_ off: Int64) -> String {
    off < 0 ? "\(Hex64(off.magnitude)) below it (container_of() of the poisoned pointer)" : "at offset \(Hex64(off.magnitude))"
}

/// `+ 0x20` or `- 0x20`: an offset from a poison value or base, which container_of() can make negative.
func signedOffset(_ off: Int64) -> String {
    (off < 0 ? "- " : "+ ") + Hex64(off.magnitude).description
}

extension GenericRules {
    /// Whether a #GP report shows the kernel decoded its address as canonical: from 5.5 x86
    /// says `probably for non-canonical address …` when it is not, `maybe for address …` when
    /// it is (the #GP had another cause: a segment, a privileged instruction, a bad descriptor),
    /// and nothing when it could not decode one — so a 5.5+ #GP without the first says nothing
    /// of a garbage pointer.
    static func gpfAddressDecodedCanonical(_ r: Report) -> Bool {
        if r.message.includes("maybe for address") { return true }
        if r.message.includes("probably for non-canonical") { return false }
        guard let release = r.context?.kernel, let v = KernelRelease.version(release) else { return false }
        return v >= (5, 5)
    }

    /// A report of the list-debug checks (CONFIG_DEBUG_LIST): `list_add corruption`,
    /// `list_del corruption`, or their BUG() in lib/list_debug.c.
    static func isListCheck(_ r: Report) -> Bool {
        let says = r.format == .listCorruption || r.message.includes("list_") && r.message.includes(" corruption")
            || r.site?.file?.hasSuffix("list_debug.c") == true
        return (r.kind == .bug || r.kind == .warning) && says || r.format == .listCorruption
    }

    /// Whether the check's words (headline, WARN message, lines) print one of `values`.
    static func listCheckPrints(_ r: Report, _ values: [String]) -> Bool {
        ([r.message, r.site?.message ?? ""] + (r.rawLines ?? [])).contains { line in values.contains { line.includes($0) } }
    }

    /// ERR_PTR plus a member offset wraps past zero into the NULL page, where the kernel calls
    /// it a NULL dereference (`NULL pointer dereference at 00000071` with r6 = ffffffed =
    /// ERR_PTR(-ENODEV), + 0x84). Without a replay (arm64's names the base register) a register
    /// holding such a value is only a rival reading, not proof: a register may hold an ERR_PTR
    /// by coincidence (`onArm64`: where the replayed base is the bad address itself, computed
    /// before the faulting instruction). -1 is a sentinel far more often than -EPERM; an offset
    /// below 8 is too near to tell.
    static func errorPointerRival(_ r: Report, onArm64: Bool = false) -> Evidence? {
        guard r.arch != .arm64 || onArm64, let a = r.fault?.address?.value, a < KernelConstants.nullPageLimit,
              let regs = r.registers else { return nil }
        for (reg, v) in regs.ordered where v != UInt64.max && v != 0xffff_ffff {
            // The last page of a 64-bit or a 32-bit address space: ERR_PTR(-1) … ERR_PTR(-4095).
            let mask: UInt64
            if v >= 0xffff_ffff_ffff_f000 { mask = .max } else if (0xffff_f000...0xffff_ffff).contains(v) { mask = 0xffff_ffff } else { continue }
            let off = (a &- v) & mask
            let errno = Int((0 &- v) & mask)
            guard off >= 8, off < 0x1000, let name = ErrnoNames.names[errno] else { continue }
            return Evidence(.rivalExplanation, "\(reg) = \(Hex64(v)) is ERR_PTR(-\(name)), and + \(Hex64(off)) lands on \(Hex64(a)) too: if that register was the pointer, this is an ERR_PTR dereferenced without IS_ERR()")
        }
        return nil
    }

    /// s390's fault report gives the failing address to its page (`Failing address:` is the
    /// TEID's page bits), not to the byte.
    static func failingPageOnly(_ r: Report) -> Bool {
        r.message.includes("in virtual kernel address space") || r.message.includes("in virtual user address space")
    }
}
