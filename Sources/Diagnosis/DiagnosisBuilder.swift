import KernelModel
import OopsCore

/// Turns the best model match into SCHEMA.md's DIAGNOSIS: cause, calibrated confidence, the
/// evidence rows, the reproduction, the inferred layout and the fix.
enum DiagnosisBuilder {
    static func build(_ r: Report, best: ModelMatcher.Candidate, all: [ModelMatcher.Candidate], context: StreamContext) -> Diagnosis? {
        let s = best.result.scenario
        guard let mode = s.failureMode else { return nil }
        var evidence = best.evidence

        // Which profiles reproduce the same thing: the layout the report's kernel must have.
        let same = all.filter { $0.result.scenario.mode == s.mode && abs($0.score - best.score) < 1e-9 }
        let profiles = Set(same.map(\.result.profile))
        let layout = inferLayout(profiles, best: best)
        if let l = layout {
            evidence.append(Evidence(fact: "layout: \(l.kernel)\(l.config.isEmpty ? "" : " + " + l.config.joined(separator: " + ")) reproduces this offset\(profiles.count > 1 ? " (\(profiles.count) of the release's profiles agree)" : "")", weight: 0.05))
        }
        // Other causes that explain the report equally well lower the confidence.
        let rivals = Set(all.filter { abs($0.score - best.score) < 1e-9 && $0.result.scenario.mode != s.mode }.map(\.result.scenario.mode))
        if !rivals.isEmpty {
            evidence.append(Evidence(fact: "equally consistent with \(rivals.sorted().joined(separator: ", ")); the more direct explanation is given", weight: -0.1))
        }
        if !context.iommuFaults.isEmpty {
            let f = context.iommuFaults[context.iommuFaults.count - 1]
            evidence.append(Evidence(fact: "the same log shows IOMMU faults before this report (line \(f.line): \(f.title))", weight: 0.05))
        }
        let release = r.context?.kernel
        if let release, let era = best.result.profile.era as Era?, !Era.isMeasured(release, as: era) {
            evidence.append(Evidence(fact: "kernel \(release) is mapped to the \(era) era; its layouts are the era's, not measured on \(release)", weight: -0.05))
        }

        var confidence = confidenceFor(best, rivals: !rivals.isEmpty, releaseKnown: release != nil,
                                       measured: release.map { Era.isMeasured($0, as: best.result.profile.era) } ?? false)
        if mode.mechanismConfidence < 0.6 { confidence = min(confidence, mode.mechanismConfidence + 0.2) }

        let function: String?
        let trace: [String]
        let offset: Hex64?
        switch best.result.outcome {
        case .oops(let o):
            function = o.function
            trace = o.modelFrames
            offset = o.fault.kind == .memory || o.fault.kind == .kasan ? Hex64(UInt64(o.fault.offset)) : nil
        case .warning(let ws):
            function = (best.warning ?? ws.first)?.function
            trace = (best.warning ?? ws.first)?.trace ?? []
            offset = nil
        default:
            function = nil
            trace = []
            offset = nil
        }
        let reproduction = Reproduction(by: "path-emulator", scenario: "\(s.id) on \(best.result.profile)\(best.result.memoryDebug == .none ? "" : " with \(best.result.memoryDebug.rawValue)")",
                                        matchedFrames: best.matchedFrames, faultOffset: offset,
                                        function: function, trace: trace)
        return Diagnosis(model: "dma-iommu", cause: mode.cause, confidence: confidence,
                         summary: summary(mode, best, r), evidence: evidence, reproduced: reproduction,
                         fix: mode.fix, layout: layout, catalogue: mode.id)
    }

    static func confidenceFor(_ c: ModelMatcher.Candidate, rivals: Bool, releaseKnown: Bool, measured: Bool) -> Double {
        var x: Double
        switch c.result.outcome {
        case .oops:
            // matchedFrames counts the faulting frame: more than one means a caller agrees too.
            if c.exactAddress { x = c.matchedFrames > 1 ? 0.9 : 0.8 } else { x = c.matchedFrames > 1 ? 0.75 : 0.6 }
        case .warning:
            x = c.matchedFrames > 1 ? 0.85 : 0.75
        default:
            x = 0.6
        }
        if c.evidence.contains(where: { $0.fact.hasPrefix("the replayed") }) { x += 0.03 }
        if rivals { x -= 0.15 }
        if !releaseKnown { x -= 0.05 } else if !measured { x -= 0.03 }
        return min(0.97, max(0.3, (x * 100).rounded() / 100))
    }

    /// The era and the lock-debug options the fault offset implies. Cookie members depend only
    /// on spinlock_t's size (§3.1), so only the spinlock options are named for them.
    static func inferLayout(_ profiles: Set<KernelProfile>, best: ModelMatcher.Candidate) -> LayoutRef? {
        guard !profiles.isEmpty else { return nil }
        let eras = Set(profiles.map(\.era)).sorted()
        let distro = profiles.first { $0.distro != nil }?.distro
        let kernel = (distro.map { "\($0) " } ?? "") + eras.map(\.rawValue).joined(separator: "/")
        let variants = Set(profiles.filter { $0.distro == nil }.map(\.lockDebug))
        guard variants.count == 1, let v = variants.first else { return LayoutRef(kernel: kernel, config: []) }
        var field: String? = nil
        if case .oops(let o) = best.result.outcome { field = o.fault.field }
        let cookieOnly = field.map { $0.hasPrefix("iommu_dma_cookie.") || $0.hasPrefix("iova_domain.") } ?? false
        if cookieOnly {
            switch v {
            case .base: return LayoutRef(kernel: kernel, config: [])
            case .debugSpinlock: return LayoutRef(kernel: kernel, config: ["DEBUG_SPINLOCK"])
            case .lockdep: return LayoutRef(kernel: kernel, config: ["DEBUG_SPINLOCK", "DEBUG_LOCK_ALLOC"])
            }
        }
        return LayoutRef(kernel: kernel, config: v.options)
    }

    static func summary(_ mode: FailureMode, _ c: ModelMatcher.Candidate, _ r: Report) -> String {
        var s = mode.summary
        if case .oops(let o) = c.result.outcome, let field = o.fault.field {
            let what = o.fault.base == 0 ? "NULL" : "freed (poisoned)"
            s += " Here: \(o.function) read \(field) through a \(what) pointer (fault at \(Hex64(o.fault.address)))."
        } else if case .warning(let ws) = c.result.outcome, let w = c.warning ?? ws.first {
            s += " Here: WARN_ON(\(w.condition)) in \(w.function)."
        }
        return s
    }
}
