import OopsCore

/// What a fault address looks like: the first thing an engineer checks. One row per pattern,
/// most specific first.
public enum AddressClass: Equatable, Sendable {
    /// NULL plus a small member offset.
    case nullOffset(UInt64)
    /// SLUB free poison (0x6b6b…) plus an offset: a pointer read out of freed memory.
    case slubPoison(offset: Int64)
    /// SLUB's in-use poison (0x5a5a…): an uninitialised pointer from a fresh allocation.
    case slubUninitialised(offset: Int64)
    /// LIST_POISON1/2 (0xdead000000000100 / …122) plus an offset: a list entry used after list_del.
    case listPoison(which: Int, offset: Int64)
    /// ERR_PTR(-errno), possibly plus a member offset.
    case errorPointer(errno: Int)
    /// NULL minus an offset, below every ERR_PTR (``KernelConstants/maxKernelErrno``):
    /// container_of() of a NULL member pointer (a list entry's, a work item's), dereferenced.
    case nullMinusOffset(UInt64)
    /// Neither canonical half of a 48-bit address space: a garbage pointer.
    case nonCanonical
    /// A user-space address touched by the kernel.
    case user
    /// An ordinary kernel address.
    case kernel
    /// Beyond the patterns every layout shares, the report's architecture does not tell which
    /// half an address is in (32-bit kernels split where their config says; riscv by its mode).
    case layoutUnknown

    static let poisonFree = KernelConstants.slubFreePoison
    static let poisonInUse = KernelConstants.slubInUsePoison
    static let listPoison1 = KernelConstants.listPoison1
    static let listPoison2 = KernelConstants.listPoison2

    /// Classifies a fault address as the report's architecture lays out its address space:
    /// x86-64's canonical halves are the sign extension of bit 47 (4-level paging; a 5-level
    /// kernel says 'probably for non-canonical' itself), arm64's halves are TTBR0 below 2^48
    /// and TTBR1 above 2^64 - 2^48.
    public static func of(_ a: UInt64, arch: Arch) -> AddressClass {
        switch arch {
        case .x86_64: return of(a, vaBits: 47)
        case .arm64: return of(a, vaBits: 48)
        case .unknown:
            let c = of(a, vaBits: 48)
            switch c {
            case .nonCanonical, .user, .kernel: return .layoutUnknown
            default: return c
            }
        }
    }

    /// Classifies a fault address. `vaBits` is 48 unless the report shows otherwise.

    public static func of(_ a: UInt64, vaBits: Int = 48) -> AddressClass {
        if a < KernelConstants.nullPageLimit { return .nullOffset(a) }
        if let off = near(a, poisonFree) { return .slubPoison(offset: off) }
        if let off = near(a, poisonInUse) { return .slubUninitialised(offset: off) }
        // The two poisons lie 0x22 apart: the nearer one is the pointer (…122 is LIST_POISON2
        // itself, not LIST_POISON1 + 0x22).
        let one = near(a, listPoison1, window: 0x100), two = near(a, listPoison2, window: 0x100)
        if let o2 = two, one.map({ o2.magnitude < $0.magnitude }) ?? true { return .listPoison(which: 2, offset: o2) }
        if let o1 = one { return .listPoison(which: 1, offset: o1) }
        if a >= 0xffff_ffff_ffff_f000 {
            let below = Int64(bitPattern: a).magnitude
            return below <= KernelConstants.maxKernelErrno ? .errorPointer(errno: Int(below)) : .nullMinusOffset(below)
        }
        let top = a >> UInt64(vaBits)
        let canonicalHigh = top == (UInt64.max >> UInt64(vaBits))
        if top != 0 && !canonicalHigh { return .nonCanonical }
        return top == 0 ? .user : .kernel
    }

    /// Offset of `a` from `base` within ±window, also when the top byte was cleared (TBI: FAR
    /// reports bits 63:56 as 0 for tagged user-half addresses).
    static func near(_ a: UInt64, _ base: UInt64, window: Int64 = 0x1000) -> Int64? {
        for b in [base, base & 0x00ff_ffff_ffff_ffff] {
            let d = Int64(bitPattern: a &- b)
            if d >= -window && d <= window { return d }
        }
        return nil
    }
}

/// errno names for ERR_PTR values (include/uapi/asm-generic/errno-base.h, errno.h and the
/// kernel-internal linux/errno.h).
enum ErrnoNames {
    static let names: [Int: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 4: "EINTR", 5: "EIO", 6: "ENXIO", 7: "E2BIG", 9: "EBADF",
        11: "EAGAIN", 12: "ENOMEM", 13: "EACCES", 14: "EFAULT", 16: "EBUSY", 17: "EEXIST", 19: "ENODEV",
        22: "EINVAL", 24: "EMFILE", 28: "ENOSPC", 34: "ERANGE", 38: "ENOSYS", 61: "ENODATA", 62: "ETIME",
        71: "EPROTO", 75: "EOVERFLOW", 95: "EOPNOTSUPP", 110: "ETIMEDOUT", 121: "EREMOTEIO", 125: "ECANCELED",
        512: "ERESTARTSYS", 517: "EPROBE_DEFER", 524: "ENOTSUPP",
    ]
}
