import Testing
import OopsCore
import Analysis

/// DMA-layer reports as consoles and mails carry them: swiotlb refusing a mapping, SMMU fault
/// lines in the field orders vendor trees print, 6.x's decode line alone, lines behind a
/// writer's marker.
struct DMAReportTests {
    func reports(_ text: String) -> [Report] { Analyzer().analyze(text: text).reports }

    /// swiotlb's numbers tell a mapping no bounce buffer can hold from a used-up pool.
    @Test func swiotlbFullIsExplainedByItsNumbers() throws {
        let big = try #require(reports("[   12.5] virtio-pci 0000:00:01.0: swiotlb buffer is full (sz: 294912 bytes), total 1024 (slots), used 725 (slots)").first)
        #expect(big.kind == .dmaMappingFailure)
        #expect(big.title == "swiotlb buffer is full for virtio-pci 0000:00:01.0")
        let d = try #require(big.diagnoses.first)
        #expect(d.cause == "dma-mapping-failure")
        #expect(d.summary.contains("dma_max_mapping_size()"))
        let full = try #require(reports("[    3.2] nvme 0000:00:01.0: swiotlb buffer is full (sz: 65536 bytes), total 32768 (slots), used 32700 (slots)").first)
        #expect(full.diagnoses.first?.summary.contains("used up") == true)
        #expect(full.diagnoses.first?.summary.contains("dma_max_mapping_size") == false)
        // Old kernels' wording, one report per line.
        let old = reports("DMA: Out of SW-IOMMU space for 16384 bytes at device 08:00.0\nDMA: Out of SW-IOMMU space for 16384 bytes at device 08:00.0")
        #expect(old.count == 2)
        #expect(old.first?.title == "swiotlb buffer is full for 08:00.0")
    }

    /// A writer's marker before a quoted line is not part of the kernel's message.
    @Test(arguments: ["  | ", "> >  => ", "  • ", "• "])
    func lineMarkersAreStripped(marker: String) throws {
        let r = try #require(reports(marker + "nvme 0000:00:01.0: swiotlb buffer is full (sz: 327680 bytes), total 32768 (slots), used 32 (slots)").first)
        #expect(r.message.hasPrefix("nvme 0000:00:01.0: swiotlb"))
    }

    /// Tegra's field order, and a context-fault line a mail wrapped inside its field list
    /// (quoted, no timestamps): the IOVA is the fault address, each fault its own report.
    @Test func smmuContextFaultsAsTreesAndMailsPrintThem() throws {
        let tegra = try #require(reports("arm-smmu 12000000.iommu: Unhandled context fault: iova=0x17fe0fe00, fsynr=0x220003, cb=21, sid=17(0x11 - AFI), pgd=25bec9003, pud=25bec9003, pmd=235086003, pte=0").first)
        #expect(tegra.iommu?.iova == Hex64(0x17fe0fe00))
        #expect(tegra.iommu?.streamID == Hex64(17))
        #expect(tegra.fault?.address == Hex64(0x17fe0fe00))
        let wrapped = reports("""
        > arm-smmu c600000.iommu: Unhandled context fault: fsr=0x402,
        > iova=0x5c0ec600, fsynr=0x320021, cbfrsynra=0x420, cb=5
        > arm-smmu c600000.iommu: FSR    = 00000402 [Format=2 TF], SID=0x420
        > arm-smmu c600000.iommu: FSYNR0 = 00320021 [S1CBNDX=50 PNU PLVL=1]
        > arm-smmu c600000.iommu: Unhandled context fault: fsr=0x402,
        > iova=0x5c0d7800, fsynr=0x320021, cbfrsynra=0x420, cb=5
        """)
        #expect(wrapped.map { $0.iommu?.iova } == [Hex64(0x5c0ec600), Hex64(0x5c0d7800)])
    }

    /// 6.x's decode line without its headline is a context fault of its own.
    @Test func aDecodeLineAloneIsAFault() throws {
        let r = reports("""
        [    4.911422] arm-smmu cd00000.iommu: FSR    = 00000402 [Format=2 TF], SID=0x0
        [    4.923353] arm-smmu cd00000.iommu: FSYNR0 = 00000021 [S1CBNDX=0 PNU PLVL=1]
        [    4.927893] arm-smmu cd00000.iommu: FSR    = 00000402 [Format=2 TF], SID=0x0
        [    4.941928] arm-smmu cd00000.iommu: FSYNR0 = 00000021 [S1CBNDX=0 PNU PLVL=1]
        """)
        #expect(r.count == 2)
        #expect(r.first?.kind == .iommuFault)
        #expect(r.first?.iommu?.fsr == Hex64(0x402))
        #expect(r.first?.title == "arm-smmu: context fault on cd00000.iommu")
    }
}
