import OopsCore

/// Whether a fault below the NULL page is a NULL pointer plus a member offset. The address
/// alone does not say so: an alignment fault at an odd low address is not a dereference of
/// NULL, and when the replay reproduced the fault, the base register's value wins over
/// arithmetic on the address (a base of 0x10 read at +0x8 faults at 0x18; an ERR_PTR plus a
/// member offset can wrap to a low address).
enum NullDereference: Equatable {
    /// The base was NULL (replayed, or read from the address); offset from the replay if known.
    case null(offset: UInt64?)
    /// The base itself held a small value: NULL plus a member offset, dereferenced again.
    case derived(base: UInt64)
    /// The base was computed from a NULL register plus an index (`add x1, x0, w1, sxtw #3`
    /// with x0 = NULL): an array reached through a NULL pointer, whatever the sum looks like.
    case indexed(base: UInt64, origin: BaseOrigin)
    /// Not a NULL dereference, whatever the address looks like.
    case no

    var isNullDerived: Bool { self != .no }
    var isIndexed: Bool { if case .indexed = self { return true } else { return false } }

    static func of(_ r: Report) -> NullDereference {
        guard let a = r.fault?.address?.value, a < KernelConstants.nullPageLimit else { return .no }
        // An alignment fault (an exclusive or atomic access, device memory) is about the
        // address's alignment, not about what is mapped there.
        if r.kind == .alignment || isAlignmentFault(r) { return .no }
        if let p = r.replay, p.status == .reproduced, let base = p.baseValue?.value {
            if base == 0 { return .null(offset: p.offset?.value) }
            if base < KernelConstants.nullPageLimit { return .derived(base: base) }
            if let o = p.baseOrigin, o.how == "add", o.sourceValue?.value == 0, isScaledIndex(o.instruction) { return .indexed(base: base, origin: o) }
            return .no
        }
        // No replay to say what the base was: an exclusive or atomic access at an address not
        // aligned to its size cannot be NULL plus a member offset (members are aligned).
        if let p = r.replay, let size = p.size, size > 1, let insn = p.instruction, isExclusiveOrAtomic(insn),
           a % UInt64(size) != 0 {
            return .no
        }
        return .null(offset: nil)
    }

    /// `add xD, xN, wM, sxtw #3` / `add xD, xN, xM, lsl #4`: the base register plus an index
    /// scaled to an element's size, with no branch between it and the fault (DataFlow notes one
    /// in the text). Unscaled, the NULL operand could as well be the index.
    static func isScaledIndex(_ instruction: String) -> Bool {
        guard !instruction.contains("(a branch lies between") else { return false }
        return [", lsl #", ", sxtw", ", uxtw", ", sxtx", ", uxtx"].contains { instruction.contains($0) }
    }

    static func isAlignmentFault(_ r: Report) -> Bool {
        guard let fsc = r.fault?.esrDecoded?.dfsc?.value else { return false }
        return fsc == 0x21
    }

    /// Load/store-exclusive and LSE atomics: they need naturally aligned addresses.
    static func isExclusiveOrAtomic(_ instruction: String) -> Bool {
        let m = instruction.split(separator: " ").first.map(String.init) ?? instruction
        let prefixes = ["ldxr", "ldaxr", "stxr", "stlxr", "ldxp", "ldaxp", "stxp", "stlxp", "cas", "swp",
                        "ldadd", "ldclr", "ldeor", "ldset", "ldsmax", "ldsmin", "ldumax", "ldumin",
                        "stadd", "stclr", "steor", "stset", "stsmax", "stsmin", "stumax", "stumin"]
        return prefixes.contains { m.hasPrefix($0) }
    }
}
