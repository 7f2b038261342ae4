import KernelModel
import OopsCore

/// Matches a report against the DMA-IOMMU model: every catalogue scenario is run by the path
/// emulator on every kernel profile the report's release allows; a scenario whose emulated
/// oops (or WARN, or SMMU fault) has the same faulting function, fault offset and call trace
/// is a diagnosis, and that reproduction is its proof.
public enum ModelMatcher {
    /// Functions the model's paths run through: a report that touches none of them is not
    /// compared (the fast way out for the reports that have nothing to do with DMA).
    static let pathFunctions: Set<String> = {
        var names = Set<String>()
        for profile in KernelProfile.defconfig where profile.lockDebug == .base {
            for r in PathEmulator.shared.runAll(on: profile) {
                names.formUnion(r.path)
                if case .oops(let o) = r.outcome { names.formUnion(o.modelFrames) }
                if case .warning(let ws) = r.outcome { for w in ws { names.insert(w.function) } }
            }
        }
        return names
    }()

    /// The first words of every message an emulated WARN prints (``ModelWarning/messageHead(_:)``):
    /// a WARN quoted without its WARNING line touches the path through its message alone.
    static let warnMessageHeads: Set<String> = {
        var heads = Set<String>()
        for profile in KernelProfile.defconfig where profile.lockDebug == .base {
            for r in PathEmulator.shared.runAll(on: profile) {
                if case .warning(let ws) = r.outcome { for w in ws { if let m = w.message { heads.insert(ModelWarning.messageHead(m)) } } }
            }
        }
        return heads
    }()

    /// Ties between scenarios that explain a report equally well go to the more direct
    /// explanation: the catalogue rows rank themselves (``FailureMode/precedence``).
    static func precedence(_ c: Candidate) -> Int {
        guard let p = c.result.scenario.failureMode?.precedence else { return 99 }
        if case .warning = c.result.outcome { return p.warning }
        return p.oops
    }

    struct Candidate {
        let result: EmulationResult
        let evidence: [Evidence]
        /// ``EvidenceWeights/score(_:)`` of `evidence`.
        let score: Double
        /// Emulated frames (driver scaffolding excluded) found in the report in order, the
        /// faulting or WARNing frame included: the one number every row and field repeats.
        let matchedFrames: Int
        /// The report shows the emulated observable itself: the faulting function and the fault
        /// address (offset), or the WARN's function and file with a caller in order.
        let reproduced: Bool
        /// For a WARN outcome, the WARN_ON the report matched (a path may hit several).
        var warning: ModelWarning? = nil

        init(result: EmulationResult, evidence: [Evidence], matchedFrames: Int, reproduced: Bool, warning: ModelWarning? = nil) {
            self.result = result
            self.evidence = evidence
            self.score = EvidenceWeights.score(evidence)
            self.matchedFrames = matchedFrames
            self.reproduced = reproduced
            self.warning = warning
        }
    }

    public static func diagnose(_ r: Report, context: StreamContext) -> Diagnosis? {
        let symbols = ([r.pc, r.lr].compactMap { $0 } + r.trace.prefix(12)).map(\.baseSymbol)
        let touchesPath = symbols.contains { pathFunctions.contains($0) } || r.site?.function.map { pathFunctions.contains(Frame.stripCompilerSuffixes($0)) } == true
            || r.site?.message.map { m in warnMessageHeads.contains { m.includes($0) } } == true
        if r.kind == .iommuFault { return SMMUMatcher.diagnose(r, context: context) }
        guard touchesPath else { return offsetOnly(r, context: context) ?? SMMUMatcher.registerAbort(r) }

        let profiles = KernelProfile.candidates(release: r.context?.kernel, build: r.context?.build)
        let facts = MatchFacts(r)
        let functions = facts.functions
        var candidates: [Candidate] = []
        let quotedMessage = r.kind == .warning && facts.siteFunction == nil && facts.pcSymbol == nil ? r.site?.message : nil
        for profile in profiles {
            var results = EmulatedFaultIndex.shared.results(on: profile, functions: functions)
            if let m = quotedMessage { results += EmulatedFaultIndex.shared.results(on: profile, warnMessage: m) }
            for result in results {
                if let c = score(facts, result) { candidates.append(c) }
            }
        }
        guard let best = pick(candidates) else { return SMMUMatcher.registerAbort(r) }
        return DiagnosisBuilder.build(r, best: best, all: candidates, context: context)
    }

    /// A report with no pc and no call trace (cut off, or pasted from the middle): the fault
    /// address alone is compared with the oopses the release's profiles emulate. Only a unique
    /// answer is given, and with a confidence that says it rests on one number. Never for
    /// address 0: every structure's first member sits there, and a NULL pointer handed to any
    /// function (`strcmp(NULL, …)`) faults there too; the number tells nothing.
    static func offsetOnly(_ r: Report, context: StreamContext) -> Diagnosis? {
        guard r.pc == nil, r.trace.isEmpty, r.kind == .nullPointerDereference, let a = r.fault?.address?.value, a != 0 else { return nil }
        let profiles = KernelProfile.candidates(release: r.context?.kernel, build: r.context?.build)
        var hits: [EmulationResult] = []
        for p in profiles {
            for result in PathEmulator.shared.runAll(on: p) {
                if case .oops(let o) = result.outcome, o.inPath, o.fault.kind == .memory, o.fault.address == a { hits.append(result) }
            }
        }
        let modes = Set(hits.map(\.scenario.mode))
        guard modes.count == 1, let best = hits.first, let mode = best.scenario.failureMode,
              case .oops(let o) = best.outcome else { return nil }
        let eras = Era.span(Set(hits.map(\.profile.era)))
        var evidence = [
            Evidence(.offsetOnly, "the report has no pc or call trace; its fault address \(Hex64(a)) equals offsetof(\(o.fault.field ?? "?")) in the \(eras) layout, where \(mode.id) faults in \(o.function)"),
            Evidence(.uniqueOffset, "no other catalogue scenario faults at this address for this kernel"),
        ]
        if r.context?.kernel == nil {
            evidence.append(Evidence(.eraUnknown, "the report's kernel release is unknown; the offset fits the \(eras) layouts"))
        }
        return Diagnosis(model: "dma-iommu", cause: mode.cause, confidence: EvidenceWeights.confidence(evidence),
                         summary: mode.summary + " (Inferred from the fault offset alone: the report lacks its pc and call trace.)",
                         evidence: evidence,
                         reproduced: Reproduction(status: .consistent, by: "path-emulator", scenario: "\(best.scenario.id) on \(eras)", matchedFrames: 0,
                                                  faultOffset: Hex64(UInt64(o.fault.offset)), function: o.function, trace: o.modelFrames),
                         fix: mode.fix, catalogue: mode.id)
    }

    /// The best candidate: highest score, then the more direct mode, then the base variant.
    static func pick(_ cs: [Candidate]) -> Candidate? {
        cs.max { a, b in
            if abs(a.score - b.score) > 1e-9 { return a.score < b.score }
            let pa = precedence(a), pb = precedence(b)
            if pa != pb { return pa > pb }
            return a.result.profile.lockDebug != .base && b.result.profile.lockDebug == .base
        }
    }

    // MARK: scoring

    static func score(_ facts: MatchFacts, _ result: EmulationResult) -> Candidate? {
        switch result.outcome {
        case .oops(let o): return scoreOops(facts, o, result)
        case .warning(let ws): return scoreWarning(facts, ws, result)
        default: return nil
        }
    }

    /// The functions a cache-maintenance leaf runs under: their pc alone tells the fault from
    /// a plain access when the report has no ESR.
    static let cacheMaintenanceLeaves: Set<String> = [
        "__dma_inv_area", "dcache_inval_poc", "__dma_clean_area", "__clean_dcache_area_poc", "dcache_clean_poc", "__dma_flush_area",
    ]

    static func scoreOops(_ facts: MatchFacts, _ o: EmulatedOops, _ result: EmulationResult) -> Candidate? {
        let r = facts.report
        guard o.inPath else { return nil }
        let isKASAN = o.fault.kind == .kasan
        guard isKASAN == (r.kind == .kasan) else { return nil }
        // An emulated oops explains a fault, never a WARN or BUG that merely ran in the same
        // function (a WARNING in __iommu_dma_unmap is not a NULL domain there).
        guard r.kind.isMemoryFault || isKASAN || [.serror, .panic, .unknown].contains(r.kind) else { return nil }
        var evidence: [Evidence] = []
        // The faulting function.
        let reportFunction: String?
        if isKASAN { reportFunction = facts.siteFunction }
        else if o.fault.kind == .exec { reportFunction = facts.lrFunction }
        else { reportFunction = facts.pcFunction }
        let modelFunction = o.fault.kind == .exec ? o.lr : o.function
        guard let rf = reportFunction, rf == modelFunction else { return nil }
        evidence.append(Evidence(.faultSite, "the fault is in \(rf), where the emulated scenario faults"))

        // KASAN names the bug class: the model's KASAN outcome is an access to a freed object.
        if isKASAN {
            guard r.title.includes("use-after-free") || r.message.includes("use-after-free") else { return nil }
            evidence.append(Evidence(.kasanClass, "KASAN reports a use-after-free, the access the scenario makes to the freed object"))
        }

        // The fault address: the member offset (NULL base) or poison + offset. Cache
        // maintenance faults at the linear-map alias of the handle, whose value depends on
        // the board's PHYS_OFFSET: only its shape is compared.
        var exact = false
        if o.fault.kind == .cacheMaintenance {
            let addr = r.fault?.far ?? r.fault?.address
            guard let a = addr?.value, a >> 48 >= 0xfffe else { return nil }
            evidence.append(Evidence(.addressShape, "fault address \(Hex64(a)) is in the linear map, where cache maintenance on phys_to_virt() of a bogus handle lands (its exact value depends on the board's PHYS_OFFSET)"))
        } else if !isKASAN {
            let addr = r.fault?.far ?? r.fault?.address ?? (r.replay?.status == .reproduced ? r.replay?.address : nil)
            if let a = addr?.value {
                let same = a == o.fault.address || a & 0x00ff_ffff_ffff_ffff == o.fault.address & 0x00ff_ffff_ffff_ffff
                guard same else { return nil }
                exact = true
                evidence.append(Evidence(.offsetInLayout, fieldFact(o, result)))
            } else {
                evidence.append(Evidence(.noAddress, "the report gives no fault address to compare; the model faults at \(Hex64(o.fault.address))"))
            }
        }
        // The replayed instruction's base register holds the emulated bad pointer.
        if let p = r.replay, p.status == .reproduced, let base = p.baseValue, p.offset?.value == UInt64(bitPattern: Int64(o.fault.offset)) || o.fault.kind == .cacheMaintenance,
           base.value == o.fault.base || base.value & 0x00ff_ffff_ffff_ffff == o.fault.base & 0x00ff_ffff_ffff_ffff || o.fault.kind == .cacheMaintenance {
            evidence.append(Evidence(.replayBase, "the replayed `\(p.instruction ?? "?")` goes through \(p.baseRegister ?? "?") = \(base): the \(o.fault.base == 0 ? "NULL" : "bad") pointer the model dereferences"))
        }
        // The ESR says the same kind of access.
        if let d = r.fault?.esrDecoded {
            let ok: Bool
            switch o.fault.kind {
            case .memory, .kasan: ok = d.dfsc != nil && d.cm != true && d.ea != true
            case .cacheMaintenance: ok = d.cm == true
            case .exec: ok = d.ifsc != nil
            case .externalAbort: ok = d.dfsc?.value == 0x10 || d.ea == true
            }
            if !ok { return nil }
            evidence.append(Evidence(.esrClass, "ESR \(r.fault?.esr?.description ?? ""): \(d.ecName)\(d.dfscName.map { ", \($0)" } ?? "")\(d.cm == true ? ", CM=1 (cache maintenance)" : "")"))
        } else if o.fault.kind == .cacheMaintenance {
            // A cache-maintenance fault needs the CM bit to be told apart from a plain access.
            if !(r.pc.map { cacheMaintenanceLeaves.contains($0.baseSymbol) } ?? false) { return nil }
        }
        // The lr: a leaf's caller, which the unwinder shows only there.
        if o.fault.kind != .exec, let lr = o.lr, facts.lrFunction == lr, !facts.traceNames.contains(lr) {
            evidence.append(Evidence(.lrCaller, "lr is \(lr), the caller the emulated path runs the faulting leaf function from"))
        }
        // The call trace: the model's frames in the report's order. The faulting frame was
        // checked above; for an exec fault it is the lr, so all frames count.
        let skipFirst = o.fault.kind != .exec
        let found = traceOverlap(facts.traceNames, model: o.modelFrames, skipFirst: skipFirst)
        let matched = found + (skipFirst ? 1 : 0)
        if let row = framesRow(found: found, matched: matched, model: o.modelFrames, skipFirst: skipFirst) { evidence.append(row) }
        // The observable: the faulting function and the fault address (for an exec fault the
        // bad target itself). KASAN's address and a cache alias's value are not comparable.
        let reproduced = exact && (o.fault.kind == .memory || o.fault.kind == .exec || o.fault.kind == .externalAbort)
        return Candidate(result: result, evidence: evidence, matchedFrames: matched, reproduced: reproduced)
    }

    static func scoreWarning(_ facts: MatchFacts, _ ws: [ModelWarning], _ result: EmulationResult) -> Candidate? {
        let r = facts.report
        guard r.kind == .warning else { return nil }
        let fn = facts.siteFunction ?? facts.pcSymbol
        // A WARN quoted without its WARNING line (dma-debug's `DMA-API: …` alone) names no
        // function: its message says which emulated WARN it is.
        let byMessage: (ModelWarning) -> Bool = { w in
            guard facts.siteFunction == nil, facts.pcSymbol == nil, let printed = r.site?.message, let expected = w.message else { return false }
            return printed.includes(ModelWarning.messageHead(expected))
        }
        let named = ws.first { $0.function == fn || $0.function == facts.pcSymbol }
        guard let w = named ?? ws.first(where: byMessage) else { return nil }
        let site = r.site?.file.map { " (\($0)\(r.site?.line.map { ":\($0)" } ?? ""))" } ?? ""
        var evidence = named == nil ? [] : [Evidence(.warnSite, "WARNING in \(w.function)\(site), where the emulated path hits WARN_ON(\(w.condition))")]
        var fileMatches = false
        if let file = r.site?.file {
            guard SourcePaths.same(printed: file, model: w.file) else { return nil }
            fileMatches = true
            evidence.append(Evidence(.warnFile, "the WARNING's file is the emulated WARN's (\(w.file)\(file.hasSuffix(w.file) ? "" : ", then " + file))"))
        }
        let found = traceOverlap(facts.traceNames, model: w.modelFrames, skipFirst: true)
        if let row = framesRow(found: found, matched: found + 1, model: w.modelFrames, skipFirst: true) { evidence.append(row) }
        // The check that fired, where the WARN names it: a message the emulated WARN prints
        // confirms it; any other is a different check in the same function.
        var conditionDiffers = false
        let expectedHead = w.message.map(ModelWarning.messageHead)
        // Older kernels print a WARN's message just after its WARNING line.
        if r.site?.message == nil, let expected = w.message, let head = expectedHead,
           (r.rawLines ?? []).prefix(4).contains(where: { $0.includes(head) }) {
            evidence.append(Evidence(.warnCondition, "the WARN printed \"\(expected)\", the emulated check's message"))
        } else if let printed = r.site?.message {
            if let expected = w.message, let head = expectedHead, printed.includes(head) {
                evidence.append(Evidence(.warnCondition, "the WARN printed \"\(expected)\", the emulated check's message"))
            } else {
                conditionDiffers = true
                evidence.append(Evidence(.warnConditionDiffers, "the WARN printed \"\(printed)\": another check in \(w.function) than the emulated WARN_ON(\(w.condition))"))
            }
        }
        return Candidate(result: result, evidence: evidence, matchedFrames: found + 1,
                         reproduced: fileMatches && found > 0 && !conditionDiffers, warning: w)
    }

    /// The frames-in-order row: weighted by the share of the emulated callers found (the
    /// faulting frame is a row of its own), stated with the same count the reproduction shows.
    static func framesRow(found: Int, matched: Int, model: [String], skipFirst: Bool) -> Evidence? {
        let callers = model.count - (skipFirst ? 1 : 0)
        guard found > 0, callers > 0 else { return nil }
        let chain = model.prefix(4).joined(separator: " ← ") + (model.count > 4 ? " ← …" : "")
        return Evidence(.framesInOrder, "\(matched) of the \(model.count) emulated call-trace frames appear in the report in order (\(chain))",
                        strength: Double(found) / Double(callers))
    }

    /// How many of the model's frames (after the first) appear in the report's trace in order.
    static func traceOverlap(_ names: [String], model: [String], skipFirst: Bool) -> Int {
        var at = 0
        var matched = 0
        for frame in model.dropFirst(skipFirst ? 1 : 0) {
            guard let i = names[at...].firstIndex(of: frame) else { continue }
            matched += 1
            at = i + 1
        }
        return matched
    }

    /// `fault address 0x38 = iommu_dma_cookie.iovad.granule (0x38) with CONFIG_DEBUG_SPINLOCK`.
    static func fieldFact(_ o: EmulatedOops, _ result: EmulationResult) -> String {
        let f = o.fault
        let base = f.base == 0 ? "NULL" : f.base == MemoryDebug.slubPoisonPointer ? "SLUB poison 0x6b6b6b6b6b6b6b6b" : Hex64(f.base).description
        let field = f.field.map { " = \(base) + offsetof(\($0)) (\(Hex64(UInt64(f.offset))))" } ?? ""
        return "fault address \(Hex64(f.address))\(field) in the \(result.profile) layout"
    }
}
