import Testing
import OopsCore
@testable import OopsParser

/// The frame forms kernels and tools print, each read into the same fields.
struct FrameSyntaxTests {
    func parse(_ s: String) -> Frame? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBytes { FrameSyntax.parse($0, scratch: MatchScratch()) }
    }

    @Test(arguments: [
        ("iommu_dma_map_sg+0x7c/0x2c8", "iommu_dma_map_sg", "0x7c", nil as String?, true),
        ("[<ffffff8008123456>] foo+0x10/0x20 [mymod]", "foo", "0x10", "mymod", true),
        ("? kzalloc+0xf/0x20", "kzalloc", "0xf", nil, false),
        // scripts/decode_stacktrace.sh output: offsets replaced by source lines.
        ("build_sched_domains (kernel/sched/topology.c:1872 kernel/sched/topology.c:1288)", "build_sched_domains", nil, nil, true),
        ("ath_rx_tasklet (drivers/net/wireless/ath/ath9k/recv.c:1114) ath9k", "ath_rx_tasklet", nil, "ath9k", true),
        ("? ret_from_fork (arch/x86/entry/entry_64.S:308)", "ret_from_fork", nil, nil, false),
        // addr2line's `?` where the debug info has no line.
        ("arm_lpae_map_pages (drivers/iommu/io-pgtable-arm.c:?)", "arm_lpae_map_pages", nil, nil, true),
        ("arm_lpae_map_pages (drivers/iommu/io-pgtable-arm.c:?) (P)", "arm_lpae_map_pages", nil, nil, true),
        // decode_stacktrace.sh on a module frame it could not decode: the name without brackets.
        ("ufs_qcom_setup_clocks+0x28/0x148 ufs_qcom (P)", "ufs_qcom_setup_clocks", "0x28", "ufs_qcom", true),
        ("ufs_qcom_probe+0x28/0x68 ufs_qcom", "ufs_qcom_probe", "0x28", "ufs_qcom", true),
        // A copy that lost the marker's parentheses: P and L are no modules.
        ("ct_kernel_exit+0x80/0x8c P", "ct_kernel_exit", "0x80", nil, true),
        // Words after a frame that are no module: not taken as one.
        ("foo+0x10/0x20 from bar+0x1/0x2", "foo", "0x10", nil, true),
    ])
    func reads(line: String, symbol: String, offset: String?, module: String?, reliable: Bool) throws {
        let f = try #require(parse(line))
        #expect(f.symbol == symbol)
        #expect(f.offset?.description == offset)
        #expect(f.module == module)
        #expect(f.reliable == reliable)
    }

    @Test(arguments: [
        "Hardware name: ARM Juno development board (r0) (DT)",
        "Workqueue: events deferred_probe_work_func",
        "note (see kernel/sched/topology.c:1872) for details",
        "sched_init_smp (kernel/sched/core.c) ",
    ])
    func ignores(line: String) {
        #expect(parse(line) == nil)
    }
}
