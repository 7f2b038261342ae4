import OopsCore

/// How much each kind of evidence counts: the one table behind every score, every ranking
/// between catalogue entries and every confidence (calibrated on Corpus/LABELS.tsv by
/// CalibrationTests). A diagnosis' confidence is the sum of its rows' weights, clamped;
/// calibrating is editing this table.
public enum EvidenceWeights {
    public static func weight(of kind: EvidenceKind) -> Double {
        switch kind {
        // The report's class, as the kernel names it.
        case .headline: return 0.85
        case .detectorReport: return 0.9
        case .objectHistory: return 0.0           // says where to look, not that the class is surer
        case .assertion: return 0.9
        case .unexplainedHeadline: return 0.6
        case .namedBlocker: return 0.0          // the headline already counts; this says more, not surer
        case .recursion: return 0.0
        case .alignmentFault: return 0.85
        case .externalAbort: return 0.8
        case .stackOverflow: return 0.9
        case .iommuReport: return 0.6
        case .listCheckPoison: return 0.85
        case .swiotlbNumbers: return 0.0         // explains the class; the headline carries it
        // The fault address (a replay that lands on it adds replayAgrees).
        case .faultAddress: return 0.0
        case .nullOffset: return 0.8
        case .freePoison: return 0.85
        case .uninitPoison: return 0.7
        case .listPoison: return 0.8
        case .errorPointer: return 0.75
        case .nullMinusOffset: return 0.75
        case .userAddress: return 0.65
        case .userHalfGarbage: return 0.5
        case .nonCanonical: return 0.6
        case .guardHole: return 0.55
        case .kasanNullRange: return 0.8        // KASAN's decoded range stands for the address
        case .replayAgrees: return 0.1
        case .replayedAddress: return 0.7       // an address computed, not printed: below nullOffset
        case .replayedAddressUnconfirmed: return 0.6  // nor is it known that this access faulted
        case .pointerOrigin: return 0.0
        // The DMA-IOMMU model: what the emulated path must share with the report.
        case .faultSite: return 0.45
        case .offsetInLayout: return 0.3
        case .addressShape: return 0.15
        case .noAddress: return 0.0
        case .kasanClass: return 0.2
        case .framesInOrder: return 0.1         // × the share of emulated frames found
        case .lrCaller: return 0.03
        case .replayBase: return 0.03
        case .esrClass: return 0.05
        case .warnSite: return 0.6
        case .warnFile: return 0.15
        case .warnCondition: return 0.1
        case .warnConditionDiffers: return -0.2
        case .offsetOnly: return 0.4
        case .uniqueOffset: return 0.05
        case .layoutInferred: return 0.0        // follows from offsetInLayout
        case .eraMapped: return -0.03
        case .eraUnknown: return -0.05
        case .rivalExplanation: return -0.15
        case .streamContext: return 0.0         // context for the reader; not calibrated yet
        case .smmuRegisterAbort: return 0.55
        case .unknownStream: return 0.6
        case .iovaTopDown: return 0.55
        case .iovaPhysical: return 0.45
        case .smmuStatus: return 0.1
        case .repeats: return 0.0
        }
    }

    /// Confidence from the rows: their sum, clamped to [0.3, cap] and rounded to a percent.
    /// `cap` is what the mechanism itself allows (a catalogue entry the model document is
    /// unsure of never reads surer than it).
    public static func confidence(_ rows: [Evidence], cap: Double = 0.97) -> Double {
        let sum = rows.reduce(0) { $0 + $1.weight }
        return min(cap, max(0.3, (sum * 100).rounded() / 100))
    }

    /// A score for ranking candidates: the plain sum.
    public static func score(_ rows: [Evidence]) -> Double {
        rows.reduce(0) { $0 + $1.weight }
    }
}

extension Evidence {
    /// A row of `kind`, weighted by the table; `strength` scales it where a fact holds in part.
    init(_ kind: EvidenceKind, _ fact: String, strength: Double = 1) {
        self.init(kind: kind, fact: fact, weight: ((EvidenceWeights.weight(of: kind) * strength) * 1000).rounded() / 1000)
    }
}
