import Foundation
import Testing
import OopsCore
import Analysis

/// The Foundation seed crash through the whole pipeline: the model names the cause, proves it
/// by reproduction, and infers the kernel's lock-debug configuration from the fault offset.
struct SeedDiagnosisTests {
    static let seed: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Corpus/seed/seed-quoted.log")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    func diagnose(_ text: String) throws -> Diagnosis {
        let report = try #require(Analyzer().analyze(text: text).reports.first)
        return try #require(report.diagnoses.first)
    }

    @Test func seedIsAMissingIOVACookie() throws {
        let d = try diagnose(Self.seed)
        #expect(d.model == "dma-iommu")
        #expect(d.cause == "missing-iova-cookie")
        #expect(d.catalogue == "FM-1")
        #expect(d.confidence >= 0.85)
        #expect(d.layout == LayoutRef(kernel: "4.19", config: ["DEBUG_SPINLOCK"]))
        let facts = d.evidence.map(\.fact).joined(separator: "\n")
        #expect(facts.contains("iommu_dma_cookie.iovad.granule"))
        #expect(facts.contains("0x38"))
        #expect(facts.contains("x26 = 0x0"))
        let rep = try #require(d.reproduced)
        #expect(rep.by == "path-emulator")
        #expect(rep.function == "iommu_dma_map_sg")
        #expect(rep.faultOffset == 0x38)
        #expect(rep.trace?.prefix(2) == ["iommu_dma_map_sg", "__iommu_map_sg_attrs"])
        #expect(rep.matchedFrames >= 2)
        let fix = try #require(d.fix)
        #expect(fix.contains("blacklist"))
        #expect(fix.contains("6af588fed391"))
    }

    /// The same crash with the fault offset edited: 0x28 is the base layout, 0x58 lockdep.
    @Test(arguments: [("0x28", "0000000000000028", "28", [String]()),
                      ("0x58", "0000000000000058", "58", ["DEBUG_SPINLOCK", "DEBUG_LOCK_ALLOC"])])
    func editedOffsetsInferTheLayout(offset: String, address: String, imm: String, config: [String]) throws {
        // ldr x0, [x26, #off]: imm12 = off/8 at bits 21:10 of f9400340 | (off/8) << 10.
        let word = String(0xf940_0340 | (UInt32(imm, radix: 16)! / 8) << 10, radix: 16)
        let text = Self.seed
            .replacingOccurrences(of: "[0000000000000038]", with: "[\(address)]")
            .replacingOccurrences(of: "(f9401f40)", with: "(\(word))")
        let d = try diagnose(text)
        #expect(d.cause == "missing-iova-cookie")
        #expect(d.layout == LayoutRef(kernel: "4.19", config: config))
        #expect(d.reproduced?.faultOffset?.description == offset)
    }
}
