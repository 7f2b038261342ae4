import Testing
import OopsCore
import KernelModel
import Analysis

/// Each catalogue variant is explained by what its own path does in its own era: the
/// emulated report is printed as kernel text, read back and diagnosed, and the sentence must
/// state that variant's facts (read in the kernel sources of the era) and not another's.
struct VariantExplanationTests {
    /// The diagnoses of the report the scenario prints on `era`'s base profile, whose title
    /// names `function`.
    func diagnosis(_ scenario: String, on era: Era, memory: MemoryDebug? = nil, in function: String) throws -> Diagnosis {
        let s = try #require(Scenarios.scenario(scenario))
        let r = try #require(PathEmulator.shared.run(s, on: KernelProfile(era: era, lockDebug: .base), memoryDebug: memory))
        let text = try #require(OopsText.render(r), "\(scenario) prints nothing on \(era)")
        let report = try #require(Analyzer().analyze(text: text).reports.first { $0.title.hasSuffix(" in " + function) },
                                  "no report in \(function) for \(scenario) on \(era)")
        return try #require(report.diagnoses.first { $0.model == "dma-iommu" })
    }

    /// FM-7 through dma_unmap_page: up to 5.10 the page-table walk finds nothing and the IOVA
    /// is freed anyway (__iommu_dma_unmap); 5.11–5.15.32 return at WARN_ON(!phys) in the swiotlb
    /// helper after the CPU sync; 5.16+ return before anything is synced.
    @Test(arguments: [Era.v4_19, .v5_4, .v5_10])
    func unmapOfNothingUpTo510FreesTheIOVAAnyway(era: Era) throws {
        let d = try diagnosis("FM-7/dma_unmap_page", on: era, in: "__iommu_dma_unmap")
        #expect(d.summary.contains("WARN_ON(unmapped != size)"))
        #expect(d.summary.contains("freed the IOVA range anyway"))
        #expect(d.summary.contains("(\(era.rawValue) path)"))
    }

    @Test func unmapOfNothingOn515ReturnsInTheSwiotlbHelper() throws {
        let d = try diagnosis("FM-7/dma_unmap_page", on: .v5_15, in: "__iommu_dma_unmap_swiotlb")
        #expect(d.summary.contains("WARN_ON(!phys)"))
        #expect(d.summary.contains("nothing was unmapped or freed"))
        #expect(!d.summary.contains("freed the IOVA range anyway"))
    }

    @Test(arguments: [Era.v6_1, .v6_6, .v6_12])
    func unmapOfNothingFrom61ReturnsBeforeAnySync(era: Era) throws {
        let d = try diagnosis("FM-7/dma_unmap_page", on: era, in: "iommu_dma_unmap_page")
        #expect(d.summary.contains("WARN_ON(!phys)"))
        #expect(d.summary.contains("nothing was synced, unmapped or freed"))
        #expect(!d.summary.contains("freed anyway"))
    }

    /// The 6.12 WARN at group removal is not a NULL-group dereference: it names its own
    /// condition and what follows in kernels with and without 280e5a301005.
    @Test func groupRemovalWarnOn612SaysWhatItChecks() throws {
        let d = try diagnosis("FM-2b/dma_map_page", on: .v6_12, in: "__iommu_group_free_device")
        #expect(d.summary.contains("group->owner_cnt || group->domain != group->default_domain"))
        #expect(d.summary.contains("280e5a301005"))
        #expect(!d.summary.contains("dereferences the NULL group without a check"))
    }

    /// A KASAN use-after-free is an access to a freed object, not through NULL.
    @Test func kasanUseAfterFreeIsNotANullPointer() throws {
        let d = try diagnosis("FM-4/iommu_map", on: .v5_10, memory: .kasan, in: "__iommu_map")
        #expect(d.summary.contains("freed object"))
        #expect(d.summary.contains("KASAN"))
        #expect(!d.summary.contains("NULL pointer"))
        #expect(d.reproduced?.status == .consistent)
    }

    /// A pointer read out of poisoned memory is named as such (not "a freed pointer").
    @Test func poisonedPointerIsNamedByWhereItCameFrom() throws {
        let d = try diagnosis("FM-4/iommu_map", on: .v5_10, memory: .slubPoison, in: "__iommu_map")
        #expect(d.summary.contains("pointer loaded from freed memory (SLUB poison 0x6b6b…)"))
        #expect(d.reproduced?.status == .reproduced)
    }

    /// 4.20 already looks the DMA domain up as 5.x does (6af588fed391 is in v4.20): it is not
    /// the 4.19 era, where FM-1 oopses.
    @Test func release420IsNotThe419Era() {
        #expect(Era.eras(forRelease: "4.20.17") == [.v5_4])
        #expect(Era.eras(forRelease: "4.19.3") == [.v4_19])
        let fm1 = FailureModes.mode("FM-1")
        #expect(fm1?.fix.contains("v4.20") == true)
        #expect(fm1?.fix.contains("(v5.0)") == false)
    }
}
