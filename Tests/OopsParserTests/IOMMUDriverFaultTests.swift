import Testing
import OopsCore
@testable import OopsParser

/// The fault lines of IOMMU drivers beside arm-smmu, Intel's and AMD's, each as its interrupt
/// handler's `dev_err()` format prints it (drivers/iommu/*.c of 4.19 and 6.19, values filled in).
struct IOMMUDriverFaultTests {
    /// One line per row: the driver, its device, the IOVA and the title naming both.
    @Test(arguments: [
        ("rk_iommu ff350000.iommu: Page fault at 0x00000000ff801000 of type read", "rk_iommu", "ff350000.iommu", UInt64(0xff801000), "page fault"),
        ("rk_iommu ff350000.iommu: BUS_ERROR occurred at 0x00000000ff801000", "rk_iommu", "ff350000.iommu", 0xff801000, "bus error"),
        ("mtk-iommu 10205000.iommu: fault type=0x5 iova=0xfce00000 pa=0x0 master=0x51001080(larb=16 port=2) layer=0 read", "mtk-iommu", "10205000.iommu", 0xfce00000, "page fault"),
        ("mtk-iommu 10205000.iommu: fault type=0x20 iova=0x4f001000 pa=0x0 larb=0 port=3 layer=1 write", "mtk-iommu", "10205000.iommu", 0x4f001000, "page fault"),
        ("mtk-iommu-v1 10205000.iommu: fault type=0x2 iova=0x80003000 pa=0x0 larb=1 port=4", "mtk-iommu-v1", "10205000.iommu", 0x80003000, "page fault"),
        ("ipmmu-vmsa e67b0000.mmu: Unhandled fault: status 0x00000101 iova 0x7f000000", "ipmmu-vmsa", "e67b0000.mmu", 0x7f000000, "page fault"),
        ("ipmmu-vmsa e67b0000.mmu: Page Table Walk Abort @0x7f000000", "ipmmu-vmsa", "e67b0000.mmu", 0x7f000000, "page-table walk abort"),
        ("exynos-sysmmu 13620000.sysmmu: 13600000.fimd: [READ] PAGE FAULT occurred at 0x20000000", "exynos-sysmmu", "13620000.sysmmu", 0x20000000, "page fault"),
        ("exynos-sysmmu 13620000.sysmmu: 13600000.fimd: AR MULTI-HIT FAULT occurred at 0x20001000", "exynos-sysmmu", "13620000.sysmmu", 0x20001000, "page fault"),
        ("sun50i-iommu 1c0e000.iommu: Page fault for 0x12340000 (master 3, dir wr)", "sun50i-iommu", "1c0e000.iommu", 0x12340000, "page fault"),
        ("apple-dart 382f00000.iommu: translation fault: status:0x21 stream:1 code:0x1 (NO PTE FOR IOVA) at 0xffffc000", "apple-dart", "382f00000.iommu", 0xffffc000, "page fault"),
        ("qcom-iommu-ctx 1f08000.iommu-ctx: Unhandled context fault: fsr=0x402, iova=0x00000000fffff000, fsynr=0x21, cb=2", "qcom-iommu-ctx", "1f08000.iommu-ctx", 0xfffff000, "context fault"),
        ("virtio_iommu virtio0: mapping fault from EP 8 at 0xfee00000 [R]", "virtio_iommu", "virtio0", 0xfee00000, "page fault"),
    ])
    func aDriversFaultLineIsAnIOMMUFault(line: String, driver: String, device: String, iova: UInt64, what: String) throws {
        let reports = Parsing.reports("[   15.000001] " + line)
        try #require(reports.count == 1)
        let r = reports[0]
        #expect(r.kind == .iommuFault)
        #expect(r.format == .iommuDriverFault)
        #expect(r.iommu?.driver == driver)
        #expect(r.iommu?.instance == device)
        #expect(r.iommu?.iova == Hex64(iova))
        #expect(r.fault?.address == Hex64(iova))
        #expect(r.title == "\(driver): \(what) on \(device)")
        #expect(!r.corrupted)
    }

    /// rockchip explains its fault on the lines after it: they are the fault's, and the same
    /// fault again is a repeat, not another report.
    @Test func rockchipsFollowingLinesAndRepeatsBelongToTheFault() throws {
        let log = """
        [   12.345678] rk_iommu ff350000.iommu: Page fault at 0x00000000ff801000 of type read
        [   12.345690] rk_iommu ff350000.iommu: iova = 0x00000000ff801000: dte_index: 0x3fe pte_index: 0x1 page_offset: 0x0
        [   12.345700] rk_iommu ff350000.iommu: mmu_dte_addr: 0x0000000002ac4000 dte@0x0000000002ac4ff8: 0x2b04001 valid: 1 pte@0x0000000002b04004: 0x000000 valid: 0 page@0x0000000000000000 flags: 0x0
        [   12.345710] rk_iommu ff350000.iommu: Page fault at 0x00000000ff801000 of type read
        [   12.345720] rockchip-vop ff900000.vop: [drm:vop_isr] *ERROR* POST_BUF_EMPTY irq err
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].lines.first == 1)
        #expect(reports[0].lines.last == 4)
        #expect(reports[0].iommu?.repeats == 2)
    }

    /// AMD-Vi logs an event per faulting page: a device's run of IO_PAGE_FAULTs in one domain
    /// is one fault that goes on (first-sight round 17, e-01: ten pages of a passed-through
    /// GPU); another device's, or another domain's, is another report.
    @Test func anAMDViBurstOfOneDeviceIsOneFault() throws {
        let log = """
        [  490.129798] vfio-pci 0000:06:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0x3682ff000 flags=0x0000]
        [  490.129814] vfio-pci 0000:06:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0x368300000 flags=0x0000]
        [  490.129826] vfio-pci 0000:06:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x0002 address=0x368301000 flags=0x0000]
        [  490.129838] xhci_hcd 0000:01:00.0: AMD-Vi: Event logged [IO_PAGE_FAULT domain=0x000e address=0xffa02000 flags=0x0020]
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 2)
        #expect(reports[0].fault?.address == Hex64(0x3682ff000))
        #expect(reports[0].iommu?.repeats == 3)
        #expect(reports[0].lines.last == 3)
        #expect(reports[1].iommu?.instance == "01:00.0")
    }

    /// dma-debug's message quoted in a mail's subject or prose is no report.
    @Test func aQuotedDMAAPIMessageIsNoReport() {
        let log = """
        Subject: dvb_usb_cxusb triggers "DMA-API: device driver maps memory from stack" error

        Attaching the stick causes a 'DMA-API: device driver maps memory from stack' error.
        """
        #expect(Parsing.reports(log).isEmpty)
    }

    /// A driver's configuration lines with no fault open (a boot log) open nothing.
    @Test func probeLinesAreNotFaults() {
        let log = """
        [    1.100000] rk_iommu ff350000.iommu: version = 1
        [    1.200000] mtk-iommu 10205000.iommu: bound 14003000.larb (ops 0xffffffc0108a2a48)
        [    1.300000] ipmmu-vmsa e67b0000.mmu: IPMMU context 0 allocated
        """
        #expect(Parsing.reports(log).isEmpty)
    }
}
