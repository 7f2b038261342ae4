/// Values the kernel gives meaning to, one place each (include/linux/poison.h, mm/slub.c,
/// mmap_min_addr). Architecture address ranges live with their architecture.
public enum KernelConstants {
    /// Addresses below this are a NULL pointer plus a member offset: the kernel never maps the
    /// first 64 KiB (mmap_min_addr's default and the arm64/x86 NULL guard).
    public static let nullPageLimit: UInt64 = 0x10000
    /// SLUB's POISON_FREE (0x6b) repeated: what a pointer read out of a freed object holds.
    public static let slubFreePoison: UInt64 = 0x6b6b_6b6b_6b6b_6b6b
    /// SLUB's POISON_INUSE (0x5a) repeated: a never-initialised pointer of a fresh object.
    public static let slubInUsePoison: UInt64 = 0x5a5a_5a5a_5a5a_5a5a
    /// LIST_POISON1 / LIST_POISON2 with arm64's and x86-64's POISON_POINTER_DELTA (0xdead…),
    /// since 4.5; 4.4 and older used …200 for LIST_POISON2.
    public static let listPoison1: UInt64 = 0xdead_0000_0000_0100
    public static let listPoison2: UInt64 = 0xdead_0000_0000_0122
    public static let listPoison2Before4_5: UInt64 = 0xdead_0000_0000_0200
    /// The largest errno the kernel returns (include/linux/errno.h's ERECALLCONFLICT, 530;
    /// IS_ERR() accepts up to MAX_ERRNO, 4095, but no errno lies past 530). ERR_PTR(-errno) plus
    /// a member offset is at least -530: an address further below zero is no ERR_PTR.
    public static let maxKernelErrno: UInt64 = 530
}
