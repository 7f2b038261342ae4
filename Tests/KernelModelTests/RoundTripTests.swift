import Testing
import OopsCore
import KernelModel
import Analysis

/// Every scenario × profile × memory-debugging setting that makes the kernel print something:
/// emulate → kernel text → parse → diagnose must give back the same failure mode, and for an
/// oops the same faulting function and fault address.
struct RoundTripTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let scenario: String
        let profile: KernelProfile
        let memory: MemoryDebug
        var testDescription: String { "\(scenario) on \(profile) \(memory.rawValue)" }
    }

    static let cases: [Case] = (KernelProfile.defconfig + KernelProfile.debian).flatMap { p in
        Scenarios.all.flatMap { s in s.memoryDebug.map { Case(scenario: s.id, profile: p, memory: $0) } }
    }

    @Test(arguments: cases)
    func roundTrip(_ c: Case) throws {
        let s = try #require(Scenarios.scenario(c.scenario))
        let r = try #require(PathEmulator.shared.run(s, on: c.profile, memoryDebug: c.memory))
        guard let text = OopsText.render(r) else { return }   // a silent outcome prints nothing
        // An oops outside the path's functions (the DMA API inlined into the driver) is not
        // claimed by the model: nothing to round-trip.
        if case .oops(let o) = r.outcome, !o.inPath { return }
        let doc = Analyzer().analyze(text: text)
        let first = try #require(doc.reports.first, "no report parsed from:\n\(text)")
        // Scenarios that print the same thing on this profile cannot be told apart: any of
        // their causes is a correct answer.
        let twins = Set(Scenarios.all.compactMap { t -> String? in
            guard let tr = PathEmulator.shared.run(t, on: c.profile, memoryDebug: t.memoryDebug.contains(c.memory) ? c.memory : nil),
                  tr.outcome.signature == r.outcome.signature else { return nil }
            return t.failureMode?.cause
        })
        let diagnosis = first.diagnoses.first
        #expect(diagnosis?.model == "dma-iommu", "\(c.testDescription): \(first.title) → \(diagnosis?.cause ?? "nothing")")
        #expect(diagnosis.map { twins.contains($0.cause) } == true, "\(c.testDescription): diagnosed \(diagnosis?.cause ?? "nothing"), expected one of \(twins.sorted())")
        if case .oops(let o) = r.outcome, o.fault.kind != .kasan {
            if o.fault.kind == .exec {
                #expect(first.lr?.symbol == o.lr)
            } else {
                #expect(first.pc?.symbol == o.function)
            }
            if o.fault.kind != .externalAbort {
                let address = first.fault?.far ?? first.fault?.address
                #expect(address.map { $0.value & 0x00ff_ffff_ffff_ffff } == o.fault.address & 0x00ff_ffff_ffff_ffff, "\(c.testDescription)")
            }
            if o.fault.kind == .memory {
                #expect(first.replay?.status == .reproduced, "\(c.testDescription): replay \(first.replay?.status.rawValue ?? "none")")
            }
        }
    }
}
