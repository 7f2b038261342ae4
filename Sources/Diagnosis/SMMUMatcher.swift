import KernelModel
import OopsCore

/// FM-6: an SMMU's own fault report, matched to the catalogue's variants by what the IOVA
/// looks like (§4 FM-6): an address from iommu-dma's top-down allocator (DMA-API addresses in
/// a domain the hardware does not use, or no longer mapped), a physical-looking address
/// (bootloader-configured master, dma-direct while translating), or no stream at all.
enum SMMUMatcher {
    enum IOVAShape: Equatable {
        case topDown(bits: Int)
        case physicalLooking
        case other
    }

    /// iommu-dma allocates IOVAs top-down below the DMA mask: 32-bit masks give 0xffxxxxxx,
    /// 48/64-bit masks 0xffffxxxxxxxx.
    static func shape(_ iova: UInt64) -> IOVAShape {
        if iova >= 0xf000_0000 && iova <= 0xffff_ffff { return .topDown(bits: 32) }
        if iova >= 0xff00_0000_0000 && iova <= 0xffff_ffff_ffff { return .topDown(bits: 48) }
        // DRAM as SoCs map it: from 1 GiB up to what the largest phones and boards carry
        // (16 GiB above a 2 GiB base). Beyond that an address is no more physical-looking than
        // garbage (a controller that lost its state), and nothing is claimed.
        if iova >= 0x4000_0000 && iova < 0x4_8000_0000 { return .physicalLooking }
        return .other
    }

    /// FM-10 where the emulated TLB-sync path does not reach: an external abort (synchronous
    /// or SError) taken while the SMMU driver itself was accessing its registers — the SMMU was
    /// unclocked or powered down (a resume path, a runtime-suspended instance).
    static func registerAbort(_ r: Report) -> Diagnosis? {
        guard r.kind == .serror, let mode = FailureModes.mode("FM-10") else { return nil }
        // The pc, or the frame recent kernels mark `(P)` (the interrupted pc) in a panic's trace.
        let site = r.pc.map(\.baseSymbol) ?? r.trace.first(where: { $0.marker == "P" })?.baseSymbol
        guard let fn = site, smmuDriverPrefixes.contains(where: { fn.hasPrefix($0) }) else { return nil }
        var evidence = [Evidence(.smmuRegisterAbort, "the external abort was taken in \(fn), the SMMU driver's own code")]
        if let e = r.fault?.esrDecoded, e.ec.value == 0x2f || e.ea == true {
            evidence.append(Evidence(.esrClass, "ESR \(r.fault?.esr?.description ?? ""): \(e.ecName)"))
        }
        if r.context?.kernel == nil { evidence.append(Evidence(.eraUnknown, "the report's kernel release is unknown")) }
        let summary = mode.summary + " Here: the abort came while \(fn) was running (an SError's pc is where the CPU was when it arrived, at or just after the access)."
        return Diagnosis(model: "dma-iommu", cause: mode.cause,
                         confidence: EvidenceWeights.confidence(evidence, cap: min(0.97, mode.mechanismConfidence + 0.2)),
                         summary: summary, evidence: evidence,
                         reproduced: Reproduction(status: .consistent, by: "catalogue", scenario: "FM-10", matchedFrames: 0, faultOffset: nil),
                         fix: mode.fix, catalogue: mode.id)
    }

    /// The SMMU drivers' function names.
    static let smmuDriverPrefixes = ["arm_smmu_", "__arm_smmu_", "qcom_smmu_", "nvidia_smmu_", "arm_smmu_v3_"]

    static func diagnose(_ r: Report, context: StreamContext) -> Diagnosis? {
        guard let f = r.iommu, f.driver.hasPrefix("arm-smmu"), let mode = FailureModes.mode("FM-6") else { return nil }
        var evidence: [Evidence] = []
        let scenario: String
        let detail: String
        if f.type == "unknown-stream" || f.event?.value == 0x02 {
            scenario = "FM-6b/unknown-stream"
            detail = "The stream ID \(f.streamID?.description ?? "?") is not configured in the SMMU: the device DMAs without being attached (no `iommus` entry, the IOMMU never probed for it, or the SMMU was reset/disabled under a running device)."
            evidence.append(Evidence(.unknownStream, "\(f.driver) blocked an unknown stream \(f.streamID?.description ?? "")"))
        } else if let iova = f.iova {
            switch shape(iova.value) {
            case .topDown(let bits):
                scenario = "FM-6c/driver-domain"
                detail = "IOVA \(iova) has the shape of iommu-dma's top-down \(bits)-bit allocator: a DMA-API address that is not mapped in the domain the hardware is using — unmapped already (a late DMA after dma_unmap), past the end of a mapped buffer, or mapped into the default domain while the driver attached its own."
                evidence.append(Evidence(.iovaTopDown, "IOVA \(iova) lies just below the \(bits)-bit DMA limit, where iommu-dma allocates"))
            case .physicalLooking:
                scenario = "FM-6a/bootloader-scanout"
                detail = "IOVA \(iova) looks like a physical DRAM address: a master configured for bypass (a bootloader's display scanout, firmware-started DMA) or by dma-direct kept DMAing once the SMMU translated its stream."
                evidence.append(Evidence(.iovaPhysical, "IOVA \(iova) looks like a physical address, not an iommu-dma allocation"))
            case .other:
                // Nothing ties it to the catalogue: a controller that lost its state, a
                // VFIO-owned domain … The generic layer names the class.
                return nil
            }
        } else {
            return nil
        }
        if f.repeats > 1 { evidence.append(Evidence(.repeats, "the fault repeated \(f.repeats) times")) }
        if let fsr = f.fsr, fsr.value & 0x2 != 0 {
            evidence.append(Evidence(.smmuStatus, "FSR \(fsr) (TF: translation fault)"))
        } else if let e = f.eventName {
            evidence.append(Evidence(.smmuStatus, "SMMUv3 event \(e)"))
        }
        if r.context?.kernel == nil {
            evidence.append(Evidence(.eraUnknown, "the report's kernel release is unknown"))
        }
        // Matched by the IOVA's shape to a catalogue variant; nothing was emulated.
        let reproduction = Reproduction(status: .consistent, by: "catalogue", scenario: scenario, matchedFrames: 0, faultOffset: nil)
        return Diagnosis(model: "dma-iommu", cause: mode.cause, confidence: EvidenceWeights.confidence(evidence, cap: min(0.97, mode.mechanismConfidence + 0.2)),
                         summary: detail, evidence: evidence, reproduced: reproduction, fix: mode.fix, catalogue: mode.id)
    }
}
