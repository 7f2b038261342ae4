import Testing
import OopsCore
@testable import OopsParser
import Analysis

/// Report shapes first-sight round 3 showed (public logs of 2015–2025, shortened): IOMMU fault
/// records that span a header and a record, AMD-Vi events printed on the device, kmemleak's
/// record, a trace pasted alone, a second crash pasted below a quoted first one.
struct FragmentShapesTests {
    /// intel-iommu announces its records; the record under the announcement is the fault, and
    /// a mail client cut it before its `[fault reason` (h-13, h-14).
    @Test func aDMARRecordUnderItsAnnouncementIsOneFault() throws {
        let log = """
        > [ 1474.752590] DMAR: DRHD: handling fault status reg 2
        > [ 1474.754463] DMAR: [DMA Read NO_PASID] Request device [0b:00.0]
        > fault addr 0xffffe000 [fault reason 0x06] PTE Read access is not set
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xffffe000))
        #expect(reports[0].iommu?.instance == "0b:00.0")
        #expect(reports[0].title == "DMAR: context fault on 0b:00.0")
    }

    /// The same interrupt-remapping fault four times is one report with its repeats (h-12).
    @Test func anInterruptRemappingStormIsOneReport() throws {
        let pair = """
        [ 1414.206069] DMAR: DRHD: handling fault status reg 2
        [ 1414.206081] DMAR: [INTR-REMAP] Request device [02:00.0] fault index 0x0 [fault reason 0x25] Blocked a compatibility format interrupt request
        """
        let reports = Parsing.reports(Array(repeating: pair, count: 4).joined(separator: "\n"))
        try #require(reports.count == 1)
        #expect(reports[0].iommu?.type == "interrupt-remapping-fault")
        #expect(reports[0].iommu?.repeats == 4)
    }

    /// 5.x prints AMD-Vi's event through dev_err() on the device, without `AMD-Vi:` (h-11),
    /// and a client may wrap it before its fields.
    @Test func anAMDViEventOnTheDeviceIsAFault() throws {
        let log = """
        [ma mrt 21 17:09:33 2022] amdgpu 0000:05:00.0: GPU reset(1) succeeded!
        [ma mrt 21 17:09:33 2022] amdgpu 0000:05:00.0: Event logged [IO_PAGE_FAULT
        domain=0x0000 address=0x1688011a0 flags=0x0070]
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.kind == .iommuFault)
        #expect(r.fault?.address == Hex64(0x1688011a0))
    }

    /// AMD-Vi's other events (round 10's d-03): an event of that name on the device, its
    /// address no IOVA; the same event again on the device is one storm.
    @Test func anAMDViEventOtherThanAPageFaultIsNamed() throws {
        let log = """
        [   73.500538] iommu ivhd0: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=06:00.0 address=0x1001e4600]
        [   74.430739] AMD-Vi: Completion-Wait loop timed out
        [   74.502557] iommu ivhd0: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=06:00.0 address=0x1001e4660]
        """
        let reports = Analyzer().analyze(text: log).reports
        try #require(reports.count == 2)
        #expect(reports[0].iommu?.eventName == "IOTLB_INV_TIMEOUT" && reports[0].iommu?.instance == "06:00.0")
        #expect(reports[0].title == "AMD-Vi: event IOTLB_INV_TIMEOUT on 06:00.0" && reports[0].fault?.address == nil)
        #expect(reports[1].repeatOf == 1)
        let d = try #require(reports[0].diagnoses.first)
        #expect(d.summary.contains("did not complete an invalidation") && !d.summary.contains("refused"))
    }

    /// kmemleak's record as its debugfs file shows it: a memory leak about the object (g-22).
    @Test func aKmemleakRecordIsAReport() throws {
        let log = """
        unreferenced object 0xffff000b85421340 (size 64):
          comm "ethtool", pid 867, jiffies 4295323539 (age 550.500s)
          hex dump (first 64 bytes):
            80 13 42 85 0b 00 ff ff ff ff ff ff ff ff ff ff  ..B.............
          backtrace:
            [<000000001b204ddf>] kmem_cache_alloc+0x1b0/0x350
            [<00000000d9ef2e50>] alloc_iova+0x3c/0x168
            [<00000000ecde7899>] iommu_dma_map_page+0x98/0xf8
            [<0000000082004e59>] otx2_alloc_rbuf+0xf4/0x158
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.title == "memory leak in iommu_dma_map_page")
        #expect(r.fault?.address == Hex64(0xffff000b85421340))
        // The object is the leaked one; its allocation stack is the backtrace, and its caller
        // the first frame past mm/'s allocator (syzkaller's title skips every `*alloc*` name).
        let o = try #require(r.object)
        #expect(o.address == Hex64(0xffff000b85421340) && o.size == 64)
        #expect(o.allocated?.pid == 867)
        #expect(o.allocated?.frames.count == 4)
        #expect(o.allocated?.caller == "alloc_iova")
    }

    /// A trace pasted alone whose frames show die(): a report, named by the frame after the
    /// exception vector (g-20). The same frames under a task line are a panic's dump_stack().
    @Test func aTracePastedAloneIsAReport() throws {
        let trace = """
        [<ffffffd5d192dc4c>] notify_die+0x4c/0x8c
        [<ffffffd5d1814e58>] __die+0x60/0xb0
        [<ffffffd5d1814d64>] die+0x4c/0xe0
        [<ffffffd5d181575c>] die_kernel_fault+0x74/0x88
        [<ffffffd5d1864524>] do_mem_abort+0x50/0xa8
        [<ffffffd5d2a297dc>] el1_abort+0x3c/0x64
        [<ffffffd5d2a29718>] el1h_64_sync_handler+0x44/0xcc
        [<ffffffd5d181133c>] el1h_64_sync+0x80/0x88
        [<ffffffd5d255c1dc>] ufshcd_add_command_trace+0x23c/0x320
        [<ffffffd5d2562d4c>] ufshcd_compl_one_cqe+0x38/0x528
        """
        let r = try #require(Parsing.reports("A crash we see on resume:\n\n" + trace).first)
        #expect(r.title == "unknown crash in ufshcd_add_command_trace")
        #expect(r.truncated)
        let underTask = "CPU: 1 PID: 22 Comm: kworker/1:1 Not tainted 6.6.0 #1\nCall trace:\n" + trace
        #expect(Parsing.reports(underTask).allSatisfy { $0.format != .headless })
    }

    /// arm64's fatal SError path (arm64_serror_panic()) proves an SError as die() proves a
    /// fault: a trace pasted alone from it is an SError report, named by the frame after the
    /// exception vector's (round 10's a-07, its vendor prefix and stamps dropped).
    @Test func anSErrorPanicTracePastedAloneIsAnSError() throws {
        let trace = """
        panic+0x330/0x3cc
        nmi_panic+0x8c/0x90
        arm64_serror_panic+0x94/0xa0
        arm64_is_fatal_ras_serror+0x3c/0xb4
        do_serror+0x60/0x78
        el1h_64_error_handler+0x30/0x48
        el1h_64_error+0x64/0x68
        kmem_cache_free+0x174/0x358
        acpi_os_release_object+0x10/0x20
        acpi_ps_free_op+0x24/0x48
        """
        let r = try #require(Parsing.reports(trace).first)
        #expect(r.kind == .serror && r.format == .headless)
        #expect(r.title.hasPrefix("SError Interrupt in "))
    }

    /// An arm64 fault pasted with its headline and frames only (`Mem abort info:`, then the
    /// frames, no `Call trace:`, round 10's c-04): the frames are its trace and name it.
    @Test func aFaultTrimmedToItsFramesHasThemAsItsTrace() throws {
        let log = """
        > Unable to handle kernel NULL pointer dereference at virtual address 0000000000000000
        > Mem abort info:
        >
        >   free_iova_fast+0xfc/0x280
        >   iommu_dma_free_iova+0x64/0x70
        >   __iommu_dma_unmap+0x9c/0xf8
        >   iommu_dma_unmap_sg+0xa8/0xc8
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.trace.map(\.symbol) == ["free_iova_fast", "iommu_dma_free_iova", "__iommu_dma_unmap", "iommu_dma_unmap_sg"])
        #expect(r.title == "BUG: unable to handle kernel NULL pointer dereference in free_iova_fast" && !r.corrupted)
    }

    /// A mail quoting an earlier crash, then pasting the new one with its prefix lost: the
    /// second headline is another report, not a stray line of the first (g-01).
    @Test func anUnquotedCrashBelowAQuotedOneIsItsOwnReport() throws {
        let log = """
        > > <1>[   88.160313] Unable to handle kernel paging request at virtual address 00550f0344550f02
        > > <4>[   88.195706] Call trace:
        > > <4>[   88.196815] refill_obj_stock+0x6c/0x250

        Unable to handle kernel paging request at virtual address 00740f0322740f02
        <1>[   89.400844]   ESR = 0x0000000096000004
        <4>[   89.401000] pc : refill_obj_stock+0x6c/0x250
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 2)
        #expect(reports[1].fault?.address == Hex64(0x00740f0322740f02))
    }

    /// A task line a client cut before its taint words (`… Kdump: loaded` / `Not tainted
    /// 4.18.0-348…`): the release still reaches the report (h-11).
    @Test func aTaskLineCutBeforeItsTaintWordsKeepsItsRelease() throws {
        let log = """
        [   1.000000] WARNING: CPU: 5 PID: 25470 at drivers/gpu/drm/amd/display/dc/core/dc.c:942 dc_commit_state_no_check+0x404/0x980 [amdgpu]
        [   1.000100] CPU: 5 PID: 25470 Comm: kworker/5:3 Kdump: loaded
        Not tainted 4.18.0-348.20.1.el8_5.x86_64 #1
        [   1.000200] RIP: 0010:dc_commit_state_no_check+0x404/0x980 [amdgpu]
        [   1.000300] ---[ end trace 0000000000000000 ]---
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.context?.kernel == "4.18.0-348.20.1.el8_5.x86_64")
    }

    /// RHEL's task line carries its own flags between the taint and the release (h-07).
    @Test func aRHELTaskLineNamesItsRelease() throws {
        let log = """
        [ 3510.400000] BUG: KASAN: slab-out-of-bounds in iavf_set_channels+0x1c/0x80 [iavf]
        [ 3510.400830] CPU: 101 PID: 55536 Comm: repro.sh Kdump: loaded Tainted: G           O     --------- -t - 4.18.0 #1
        """
        let r = try #require(Parsing.reports(log).first)
        #expect(r.context?.kernel == "4.18.0")
    }
    /// A start searched for anywhere in a line (AMD-Vi's event, dma-debug's finding) right
    /// after a line shorter than its literal (`1)`, `...` in a mail): the short line must not
    /// mark the rest of the chunk as holding none of them (cx23885).
    @Test func anAnywhereStartAfterAShortLineIsFound() throws {
        for short in ["1)", "x", "..."] {
            let log = """
            \(short)
            [  1.000000] AMD-Vi: Event logged [IO_PAGE_FAULT device=0a:00.0 domain=0x001d address=0x000000000637c000 flags=0x0000]
            """
            let reports = Parsing.reports(log)
            #expect(reports.map(\.title) == ["AMD-Vi: context fault on 0a:00.0"], "after '\(short)'")
        }
    }

    /// An untimestamped AMD-Vi event a mail client wrapped before `address=` is one line again:
    /// the record always ends with its `]`.
    @Test func anUntimestampedAMDViEventWrappedBeforeItsAddressIsJoined() throws {
        let log = """
        1)
        AMD-Vi: Event logged [IO_PAGE_FAULT device=0a:00.0 domain=0x001d
        address=0x000000000637c000 flags=0x0000]

        where device=0a:00.0 is TBS6981 card
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0x637c000))
        #expect(reports[0].lines.first == 2)
    }
    /// KFENCE's access line names the address with `%p`: a 64-bit kernel address is the
    /// fault's; a 64-bit hash (upper half zero) is not an address and is not kept.
    @Test func aKFENCEAccessLineGivesItsAddressUnlessHashed() throws {
        let log = """
        [  1.0] BUG: KFENCE: use-after-free read in foo+0x1/0x2
        [  1.0] Use-after-free read at 0xffff000012345678 (in kfence-#115):
        [  1.0]  foo+0x1/0x2
        [  2.0] BUG: KFENCE: out-of-bounds write in foo+0x1/0x2
        [  2.0] Out-of-bounds write at 0xffff000012345680 (1B right of kfence-#3):
        [  2.0]  foo+0x1/0x2
        [  3.0] BUG: KFENCE: invalid read in foo+0x1/0x2
        [  3.0] Invalid read at 0x000000007f3b80eb:
        [  3.0]  foo+0x1/0x2
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 3)
        #expect(reports[0].fault?.address == Hex64(0xffff000012345678))
        #expect(reports[0].fault?.access == .read)
        #expect(reports[1].fault?.address == Hex64(0xffff000012345680))
        #expect(reports[1].fault?.access == .write)
        #expect(reports[2].fault?.address == nil)
        #expect(reports.map(\.trace.count) == [1, 1, 1])
    }
    /// warn_alloc()'s report: an allocation that failed (or stalled) and its stack, titled by
    /// the code that asked for the memory, past every allocator layer (DMA ones included)
    /// (first-sight round 5, k-05 and k-11).
    @Test func anAllocationFailureIsAReport() throws {
        let log = """
        [14977.928623] qcrosvm: page allocation failure: order:5, mode:0x40cc0
        [14977.928630] CPU: 2 PID: 734 Comm: qcrosvm Not tainted 5.15.94 #1
        [14977.928635] Call trace:
        [14977.928638]  dump_backtrace+0x0/0x8
        [14977.928647]  dump_stack_lvl+0x80/0xb8
        [14977.928652]  warn_alloc+0x164/0x200
        [14977.928657]  __alloc_pages_slowpath+0x9f0/0xb4c
        [14977.928662]  kmalloc_order+0x48/0x108
        [14977.928673]  dma_direct_alloc+0x11c/0x4f8
        [14977.928678]  dma_alloc_attrs+0xf4/0x138
        [14977.928680]  gh_vm_ioctl_set_fw_name+0x3c4/0x610 [gunyah]
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].kind == .outOfMemory)
        #expect(reports[0].format == .allocWarning)
        #expect(reports[0].title == "page allocation failure in gh_vm_ioctl_set_fw_name")
    }

    /// A pc line decode_stacktrace.sh rewrote, and a mail client cut inside its location list,
    /// still names the function (round 5, k-02).
    @Test func aDecodedPcCutInsideItsLocationsNamesTheFunction() throws {
        let log = """
        [ 2074.633472] Internal error: Oops: 0000000096000004 [#1]  SMP
        [ 2074.652429] pstate: 22402009 (nzCv daif +PAN -UAO +TCO -DIT -SSBS BTYPE=--)
        [ 2074.652716] pc : bio_iov_iter_get_pages (block/bio.c:1074
        block/bio.c:1272 block/bio.c:1336)
        [ 2074.701366] sp : ffff800080f83950
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].pc?.symbol == "bio_iov_iter_get_pages")
        #expect(reports[0].title == "Internal error in bio_iov_iter_get_pages")
    }

    /// An SMMU fault line a mail client cut before a field list's comma (`fsr=0x402` /
    /// `,iova=…`) is one line again, with no space before the comma (round 5, k-13).
    @Test func anSMMUFieldListCutBeforeItsCommaIsJoined() throws {
        let log = """
        > > > [  157.563136] arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402
        > > > ,iova=0xd65504710, fsynr=0x100011, cbfrsynra=0x0, cb=6
        """
        let reports = Parsing.reports(log)
        try #require(reports.count == 1)
        #expect(reports[0].iommu?.iova == Hex64(0xd65504710))
        #expect(reports[0].iommu?.contextBank == 6)
    }
    /// KASAN's double or invalid free names the freed object's address (`Free of addr …`).
    @Test func aKASANInvalidFreeGivesItsAddress() throws {
        let reports = Parsing.reports("""
        [  1.0] BUG: KASAN: double-free in tcpm_port_unregister_pd+0x1c/0x30
        [  1.0] Free of addr ffff0008164d3000 by task kworker/0:1/42
        [  1.0] Call trace:
        [  1.0]  tcpm_port_unregister_pd+0x1c/0x30
        """)
        try #require(reports.count == 1)
        #expect(reports[0].fault?.address == Hex64(0xffff0008164d3000))
    }
}
