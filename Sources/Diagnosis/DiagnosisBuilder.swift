import KernelModel
import OopsCore

/// Turns the best model match into docs/SCHEMA.md's DIAGNOSIS: cause, the evidence rows and the
/// confidence they add up to, the reproduction, the inferred layout and the fix.
enum DiagnosisBuilder {
    static func build(_ r: Report, best: ModelMatcher.Candidate, all: [ModelMatcher.Candidate], context: StreamContext) -> Diagnosis? {
        let s = best.result.scenario
        guard let mode = s.failureMode else { return nil }
        var evidence = best.evidence

        // Which profiles reproduce the same thing: the eras (and, for a fault at a member
        // offset, the layout) the report's kernel must have.
        let same = all.filter { $0.result.scenario.mode == s.mode && abs($0.score - best.score) < 1e-9 }
        let profiles = Set(same.map(\.result.profile))
        let eras = Era.span(Set(profiles.map(\.era)))
        var layout: LayoutRef? = nil
        if best.evidence.contains(where: { $0.kind == .offsetInLayout }), let l = inferLayout(profiles, best: best) {
            layout = l
            evidence.append(Evidence(.layoutInferred, "layout: \(l.kernel)\(l.config.isEmpty ? "" : " + " + l.config.joined(separator: " + ")) gives this offset\(profiles.count > 1 ? " (\(profiles.count) of the candidate profiles agree)" : "")"))
        }
        // Other causes that explain the report equally well lower the confidence.
        let rivals = Set(all.filter { abs($0.score - best.score) < 1e-9 && $0.result.scenario.mode != s.mode }.map(\.result.scenario.mode))
        if !rivals.isEmpty {
            evidence.append(Evidence(.rivalExplanation, "equally consistent with \(rivals.sorted().joined(separator: ", ")); the more direct explanation is given"))
        }
        if !context.iommuFaults.isEmpty {
            let f = context.iommuFaults[context.iommuFaults.count - 1]
            evidence.append(Evidence(.streamContext, "the same log shows IOMMU faults before this report (line \(f.line): \(f.title))"))
        }
        if let release = r.context?.kernel {
            if !Era.isMeasured(release, as: best.result.profile.era) {
                evidence.append(Evidence(.eraMapped, "kernel \(release) is mapped to the \(eras) era; its layouts and paths are the era's, not measured on \(release)"))
            }
        } else {
            evidence.append(Evidence(.eraUnknown, "the report's kernel release is unknown; the evidence fits the \(eras) era\(profiles.count > 1 && eras.contains("/") ? "s" : "")"))
        }
        let cap = min(0.97, mode.mechanismConfidence + 0.2)
        let confidence = EvidenceWeights.confidence(evidence, cap: cap)

        let function: String?
        let trace: [String]
        let offset: Hex64?
        switch best.result.outcome {
        case .oops(let o):
            function = o.function
            trace = o.modelFrames
            offset = o.fault.kind == .memory || o.fault.kind == .kasan ? Hex64(UInt64(o.fault.offset)) : nil
        case .warning(let ws):
            let w = best.warning ?? ws.first
            function = w?.function
            trace = w?.modelFrames ?? []
            offset = nil
        default:
            function = nil
            trace = []
            offset = nil
        }
        let on = r.context?.kernel == nil ? eras : "\(best.result.profile)"
        let reproduction = Reproduction(status: best.reproduced ? .reproduced : .consistent, by: "path-emulator",
                                        scenario: "\(s.id) on \(on)\(best.result.memoryDebug == .none ? "" : " with \(best.result.memoryDebug.rawValue)")",
                                        matchedFrames: best.matchedFrames, faultOffset: offset,
                                        function: function, trace: trace)
        return Diagnosis(model: "dma-iommu", cause: mode.cause, confidence: confidence,
                         summary: summary(mode, best, r), evidence: evidence, reproduced: reproduction,
                         fix: fix(mode, release: r.context?.kernel), layout: layout, catalogue: mode.id)
    }

    /// The entry's fix, and whether the report's kernel already has the commits it names.
    static func fix(_ mode: FailureMode, release: String?) -> String {
        guard let release else { return mode.fix }
        let notes = mode.changes.compactMap(KernelChanges.change).map { $0.sentence(for: release) }
        return ([mode.fix] + notes).joined(separator: " ")
    }

    /// The era and the lock-debug options the fault offset implies. Cookie members depend only
    /// on spinlock_t's size (§3.1), so only the spinlock options are named for them.
    static func inferLayout(_ profiles: Set<KernelProfile>, best: ModelMatcher.Candidate) -> LayoutRef? {
        guard !profiles.isEmpty else { return nil }
        let eras = Set(profiles.map(\.era))
        let distro = profiles.first { $0.distro != nil }?.distro
        let kernel = (distro.map { "\($0) " } ?? "") + Era.span(eras)
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

    /// The catalogue entry's mechanism (true in every era it names), then what the emulated
    /// path did in the matched era: the member read and through what, or the WARN and what the
    /// kernel does after it.
    static func summary(_ mode: FailureMode, _ c: ModelMatcher.Candidate, _ r: Report) -> String {
        var s = mode.summary
        // A report that names no release matches every era's path: none is named.
        let era = r.context?.kernel == nil ? "emulated" : "\(c.result.profile.era)"
        if case .oops(let o) = c.result.outcome, let field = o.fault.field {
            switch o.fault.kind {
            case .kasan:
                s += " Here (\(era) path): \(o.function) read \(field) of the freed object, which KASAN reports as a use-after-free."
            case .memory where o.fault.base == 0:
                s += " Here (\(era) path): \(o.function) read \(field) through a NULL pointer (fault at \(Hex64(o.fault.address)))."
            case .memory:
                s += " Here (\(era) path): \(o.function) read \(field) through a pointer loaded from freed memory (SLUB poison 0x6b6b…), faulting at \(Hex64(o.fault.address))."
            default:
                break
            }
        } else if case .warning(let ws) = c.result.outcome, let w = c.warning ?? ws.first {
            if let printed = r.site?.message, c.evidence.contains(where: { $0.kind == .warnConditionDiffers }) {
                s += " Here the WARNING in \(w.function) printed \"\(printed)\", a check the model does not emulate (on the \(era) path it WARNs there on \(w.condition))."
            } else {
                s += " Here (\(era) path): \(w.function) hits WARN_ON(\(w.condition)); \(w.aftermath)."
            }
        }
        return s
    }
}
