import OopsCore

/// The fault lines of IOMMU drivers other than arm-smmu, Intel's and AMD's: each prints one
/// `dev_err()` line per refused device access from its interrupt handler, named by the driver
/// (`rk_iommu ff350000.iommu: Page fault at 0x00000000ff801000 of type read`). One row per line
/// shape, read from the drivers' sources (drivers/iommu/, 4.19 and 6.19); the row gives the
/// report start and the rule that reads it.
struct IOMMUDriverFault: Sendable {
    /// The driver's name, the line's first word (`dev_err()` prints it before the device).
    let driver: String
    /// What follows `<driver> <device>: `; its first capture is the IOVA when the line has one.
    let message: String
    /// The fault's type in the record (``IOMMUFault/type``), which the title names.
    let type: String

    init(_ driver: String, _ message: String, _ type: String = "page-fault") {
        self.driver = driver
        self.message = message
        self.type = type
    }

    /// The whole line's pattern: driver, device, message. The device is the IOMMU instance.
    var pattern: String { IOMMUDriverFault.escaped(driver) + #" (\S+): "# + message }

    static func escaped(_ s: String) -> String {
        String(s.flatMap { "-.".contains($0) ? ["\\", $0] : [$0] })
    }

    static let hex = "(?:0x)?([0-9a-fA-F]+)"

    static let rows: [IOMMUDriverFault] = [
        // rockchip-iommu.c: `Page fault at %pad of type %s`, `BUS_ERROR occurred at %pad`.
        IOMMUDriverFault("rk_iommu", "Page fault at \(hex) of type (?:read|write)"),
        IOMMUDriverFault("rk_iommu", "BUS_ERROR occurred at \(hex)", "bus-error"),
        // mtk_iommu.c (`fault type=0x%x iova=0x%llx pa=… master=…(larb=%d port=%d) layer=%d %s`;
        // 4.x without master) and mtk_iommu_v1.c (`fault type=… iova=… pa=… larb=%d port=%d`).
        IOMMUDriverFault("mtk-iommu", #"fault type=0x[0-9a-fA-F]+ iova=0x([0-9a-fA-F]+)"#),
        IOMMUDriverFault("mtk-iommu-v1", #"fault type=0x[0-9a-fA-F]+ iova=0x([0-9a-fA-F]+)"#),
        // ipmmu-vmsa.c: `Unhandled fault: status 0x%08x iova 0x%lx`, and the walk abort and
        // TLB multi-hit it prints before.
        IOMMUDriverFault("ipmmu-vmsa", #"Unhandled fault: status 0x[0-9a-fA-F]+ iova 0x([0-9a-fA-F]+)"#),
        IOMMUDriverFault("ipmmu-vmsa", #"Page Table Walk Abort @0x([0-9a-fA-F]+)"#, "walk-abort"),
        IOMMUDriverFault("ipmmu-vmsa", #"Multiple TLB hits @0x([0-9a-fA-F]+)"#, "tlb-multi-hit"),
        // exynos-iommu.c: `%s: [%s] %s FAULT occurred at %#x` (master device, READ/WRITE since
        // 5.x, the fault's name: PAGE, AR MULTI-HIT, BUS ERROR, …).
        IOMMUDriverFault("exynos-sysmmu", #"\S+: (?:\[(?:READ|WRITE)\] )?[A-Z][A-Z -]* FAULT occurred at 0x([0-9a-fA-F]+)"#),
        // sun50i-iommu.c: `Page fault for %pad (master %d, dir %s)`.
        IOMMUDriverFault("sun50i-iommu", "Page fault for \(hex)"),
        // apple-dart.c: `translation fault: status:0x%x stream:%d code:0x%x (%s) at 0x%llx`.
        IOMMUDriverFault("apple-dart", #"translation fault: status:0x[0-9a-fA-F]+ stream:\d+ code:0x[0-9a-fA-F]+ \([^)]*\) at 0x([0-9a-fA-F]+)"#),
        // qcom_iommu.c (an SMMU the firmware owns): `Unhandled context fault: fsr=0x%x, iova=0x%016llx, …`.
        IOMMUDriverFault("qcom-iommu-ctx", #"Unhandled context fault: fsr=0x[0-9a-fA-F]+, iova=0x([0-9a-fA-F]+)"#, "context-fault"),
        // virtio-iommu.c: `%s fault from EP %u at %#llx [%s%s%s]`, or without the address.
        IOMMUDriverFault("virtio_iommu", #"\w+ fault from EP \d+(?: at 0x([0-9a-fA-F]+))?"#),
    ]

    /// The report starts, one per row.
    static let starts: [ReportStart] = rows.map { ReportStart(.iommuDriverFault, $0.driver + " ", $0.pattern) }

    /// The rules that read the rows' lines; then any other line of a driver whose fault is
    /// open (rockchip's `iova = …: dte_index: …`, exynos' page-table lines) belongs to it.
    static let rules: [LineRule] = rows.map { row in
        LineRule("iommu-driver", row.driver + " ", row.pattern) { b, m in
            if var f = IOMMURules.fault(b, driver: row.driver, type: row.type, instance: m.string(1)) {
                f.iova = m.hex(2).map { Hex64($0) }
                b.report.iommu = f
                if let iova = f.iova { b.withFault { x in x.address = x.address ?? iova } }
            }
            return true
        }
    } + Set(rows.map(\.driver)).sorted().map { driver in
        LineRule("iommu-driver", driver + " ") { b, _ in b.report.iommu?.driver == driver }
    }
}
