/// One fact a diagnosis stands on: what kind of fact it is, the sentence that states it for
/// this report, and how much it counted. The weight is the kind's (Diagnosis'
/// `EvidenceWeights`, one table), scaled by how fully the fact holds (frames in order: the
/// share of the emulated frames found). Scores and confidences are sums of weights; nothing
/// reads a number from the sentence.
public struct Evidence: Codable, Sendable, Equatable {
    public var kind: EvidenceKind
    public var fact: String
    public var weight: Double

    public init(kind: EvidenceKind, fact: String, weight: Double) {
        self.kind = kind
        self.fact = fact
        self.weight = weight
    }

    enum CodingKeys: String, CodingKey { case kind, fact, weight }
}

/// What an evidence row states (docs/SCHEMA.md `evidence[].kind`). Stable ids: tools may count or
/// filter rows by them.
public enum EvidenceKind: String, Codable, Sendable, CaseIterable {
    // The report's own words.
    /// The headline names the report's class (`WARNING:`, `watchdog: BUG: soft lockup`, a checker's finding).
    case headline
    /// A memory-safety detector's report (KASAN, KFENCE, KMSAN).
    case detectorReport = "detector-report"
    /// The detector names the object the access hit and the stacks that allocated and freed it.
    case objectHistory = "object-history"
    /// `kernel BUG at file:line` or an `Oops - BUG` trap: a BUG() assertion.
    case assertion
    /// A `BUG:` headline no rule explains: restated, not interpreted.
    case unexplainedHeadline = "unexplained-headline"
    /// The kernel names what a hung task waits on and who holds it (6.15+).
    case namedBlocker = "named-blocker"
    /// One function fills the trace: a recursion.
    case recursion
    /// The ESR or message reports an alignment fault.
    case alignmentFault = "alignment-fault"
    /// DFSC 0x10 (synchronous external abort) or an SError.
    case externalAbort = "external-abort"
    /// The kernel reported a stack overflow.
    case stackOverflow = "stack-overflow"
    /// An IOMMU's report of a refused device access, not interpreted further.
    case iommuReport = "iommu-report"
    /// swiotlb's numbers (mapping size, slots used of total) and what they show.
    case swiotlbNumbers = "swiotlb-numbers"
    /// A list check printed LIST_POISON values.
    case listCheckPoison = "list-check-poison"

    // The fault address.
    /// The fault as printed (address, ESR, pc), restated where another row interprets it.
    case faultAddress = "fault-address"
    /// NULL plus a small offset.
    case nullOffset = "null-offset"
    /// SLUB's free poison (0x6b…) plus an offset.
    case freePoison = "free-poison"
    /// SLUB's in-use poison (0x5a…) plus an offset.
    case uninitPoison = "uninit-poison"
    /// LIST_POISON1/2 plus an offset.
    case listPoison = "list-poison"
    /// The last page of the address space: an ERR_PTR.
    case errorPointer = "error-pointer"
    /// The last page of the address space below every ERR_PTR: container_of() of NULL.
    case nullMinusOffset = "null-minus-offset"
    /// A user-half address touched from the kernel (PAN, or no user mapping).
    case userAddress = "user-address"
    /// A user-half address reached by a translation fault: garbage.
    case userHalfGarbage = "user-half-garbage"
    /// Outside both canonical halves, or an x86 #GP with no address.
    case nonCanonical = "non-canonical"
    /// x86-64's guard hole below the direct map.
    case guardHole = "guard-hole"
    /// KASAN's shadow check decodes to NULL plus an offset.
    case kasanNullRange = "kasan-null-range"

    // The replay of the faulting instruction.
    /// The report printed no fault address; the replayed access computes it from the registers.
    case replayedAddress = "replayed-address"
    /// A paste without its fault line: the instruction at the pc, replayed, accesses an
    /// address no line of the report confirms faulted.
    case replayedAddressUnconfirmed = "replayed-address-unconfirmed"
    /// Replaying the faulting instruction with the dumped registers gives the fault address.
    case replayAgrees = "replay-agrees"
    /// Where the replayed base register's value was loaded from.
    case pointerOrigin = "pointer-origin"

    // The DMA-IOMMU model.
    /// The fault is in the function where the emulated scenario faults.
    case faultSite = "fault-site"
    /// The fault address is the emulated base plus offsetof(member) in an era's layout.
    case offsetInLayout = "offset-in-layout"
    /// The fault address has the shape the scenario produces (a linear-map alias), not a value.
    case addressShape = "address-shape"
    /// The report has no fault address to compare.
    case noAddress = "no-address"
    /// KASAN's bug class is the emulated one (use-after-free).
    case kasanClass = "kasan-class"
    /// The emulated frames appear in the report's trace, in order.
    case framesInOrder = "frames-in-order"
    /// lr is the caller the emulated path runs the faulting leaf from.
    case lrCaller = "lr-caller"
    /// The replayed base register holds the bad pointer the model dereferences.
    case replayBase = "replay-base"
    /// The ESR's class and fault status are the emulated access's.
    case esrClass = "esr-class"
    /// A WARNING in the function where the emulated scenario WARNs.
    case warnSite = "warn-site"
    /// The WARNING's file is the emulated WARN_ON's.
    case warnFile = "warn-file"
    /// The message the WARN printed is the emulated check's.
    case warnCondition = "warn-condition"
    /// The WARN printed a message the emulated check does not print: another check in the same function.
    case warnConditionDiffers = "warn-condition-differs"
    /// Only the fault address matches: the report has no pc and no trace.
    case offsetOnly = "offset-only"
    /// No other scenario of the release's profiles faults at that address.
    case uniqueOffset = "unique-offset"
    /// The era and configuration whose layout gives the offset (follows from offset-in-layout).
    case layoutInferred = "layout-inferred"
    /// The report's release is known but only maps to the model's era.
    case eraMapped = "era-mapped"
    /// The report's release is unknown: the evidence is consistent with the eras named.
    case eraUnknown = "era-unknown"
    /// Other catalogue entries explain the report as well.
    case rivalExplanation = "rival-explanation"
    /// IOMMU faults earlier in the same log.
    case streamContext = "stream-context"
    /// An external abort taken in the SMMU driver's own register access.
    case smmuRegisterAbort = "smmu-register-abort"
    /// The SMMU blocked a stream it has no configuration for.
    case unknownStream = "unknown-stream"
    /// The IOVA has the shape of iommu-dma's top-down allocator.
    case iovaTopDown = "iova-top-down"
    /// The IOVA looks like a physical DRAM address.
    case iovaPhysical = "iova-physical"
    /// The SMMU's fault status or event id names a translation fault.
    case smmuStatus = "smmu-status"
    /// The same fault repeated.
    case repeats
}
