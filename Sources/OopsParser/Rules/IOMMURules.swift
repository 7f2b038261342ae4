import OopsCore

/// IOMMU fault lines: arm-smmu (v1/v2) context and global faults, SMMUv3 event records,
/// Intel DMAR and AMD-Vi page faults (FM-6 of the DMA-IOMMU model).
enum IOMMURules {
    static func fault(_ b: ReportBuilder, driver: String, type: String, instance: String?) -> IOMMUFault? {
        if var existing = b.report.iommu {
            // A repeated fault line of the same report: count it, keep the first one's fields.
            existing.repeats += 1
            b.report.iommu = existing
            return nil
        }
        var f = IOMMUFault(driver: driver, type: type)
        f.instance = instance
        return f
    }

    static let rules: [LineRule] = [
        // `arm-smmu 15000000.iommu: Unhandled context fault: fsr=0x402, iova=0x9c4b9000, fsynr=0x7c0020, cbfrsynra=0x800, cb=7`;
        // vendor trees print other fields in other orders (Tegra: `iova=…, fsynr=…, cb=21,
        // sid=17(0x11 - AFI), pgd=…`): the fields are read by name.
        LineRule("smmu", "arm-smmu", #"(arm-smmu(?:-v3)?) ([^ :]+): Unhandled context fault:(.*)"#) { b, m in
            b.setArch(.arm64)
            if var f = fault(b, driver: m.string(1) ?? "arm-smmu", type: "context-fault", instance: m.string(2)) {
                let fields = SMMUFields(m.string(3) ?? "")
                f.fsr = fields.hex("fsr")
                f.iova = fields.hex("iova")
                f.fsynr = fields.hex("fsynr")
                f.cbfrsynra = fields.hex("cbfrsynra")
                f.contextBank = fields.decimal("cb")
                // On arm-smmu v2 CBFRSYNRA holds the faulting stream id; Tegra prints `sid=`.
                f.streamID = f.cbfrsynra ?? fields.decimal("sid").map { Hex64(UInt64($0)) }
                b.report.iommu = f
                if let iova = f.iova { b.withFault { x in x.address = x.address ?? iova } }
            }
            return true
        },
        LineRule("smmu", "arm-smmu", #"(arm-smmu(?:-v3)?) ([^ :]+): Blocked unknown Stream ID 0x([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.arm64)
            if var f = fault(b, driver: m.string(1) ?? "arm-smmu", type: "unknown-stream", instance: m.string(2)) {
                f.streamID = m.hex(3).map { Hex64($0) }
                b.report.iommu = f
            }
            return true
        },
        LineRule("smmu", "arm-smmu", #"(arm-smmu(?:-v3)?) ([^ :]+): Unexpected global fault"#) { b, m in
            b.setArch(.arm64)
            if let f = fault(b, driver: m.string(1) ?? "arm-smmu", type: "global-fault", instance: m.string(2)) { b.report.iommu = f }
            return true
        },
        // `GFSR 0x80000002, GFSYNR0 0x00000000, GFSYNR1 0x00000c40, GFSYNR2 0x00000000`: GFSYNR1 holds the stream id.
        LineRule("smmu", "arm-smmu", #"arm-smmu(?:-v3)? [^ :]+:\s+GFSR 0x([0-9a-fA-F]+), GFSYNR0 0x[0-9a-fA-F]+, GFSYNR1 0x([0-9a-fA-F]+)"#) { b, m in
            if var f = b.report.iommu, f.streamID == nil {
                f.fsr = f.fsr ?? m.hex(1).map { Hex64($0) }
                f.streamID = m.hex(2).map { Hex64($0 & 0xffff) }
                b.report.iommu = f
            }
            return true
        },
        // SMMUv3: `event 0x10 received:` then four raw 64-bit words of the event record.
        LineRule("smmu", "arm-smmu", #"(arm-smmu-v3) ([^ :]+): event 0x([0-9a-fA-F]+) received:"#) { b, m in
            b.setArch(.arm64)
            if b.report.iommu != nil {
                b.beginRepeatProbe(event: m.hex(3).map { Hex64($0) })
                return true
            }
            if var f = fault(b, driver: "arm-smmu-v3", type: "event", instance: m.string(2)) {
                f.event = m.hex(3).map { Hex64($0) }
                f.eventName = f.event.flatMap { SMMUv3Events.name(of: $0.value) }
                b.report.iommu = f
                b.machine.smmuEventWords = []
            }
            return true
        },
        // A word is sometimes printed or pasted in halves (`0x00000180 00000010`); text after
        // it is another program's line a quoted log's unwrapping joined (`Terminated`).
        LineRule("smmu", "arm-smmu", #"arm-smmu-v3 [^ :]+:\s+0x([0-9a-fA-F]{16}|[0-9a-fA-F]{8} [0-9a-fA-F]{8})(?:\s|$)"#) { b, m in
            let word = m.string(1).flatMap { UInt64($0.replacingOccurrences(of: " ", with: ""), radix: 16) }
            if let w = word, b.probe != nil {
                b.probeWord(w)
            } else if let w = word, b.machine.smmuEventWords != nil {
                b.machine.smmuEventWords?.append(w)
                if b.machine.smmuEventWords?.count == 4, let words = b.machine.smmuEventWords, var f = b.report.iommu {
                    SMMUv3Events.decode(words, into: &f)
                    b.report.iommu = f
                    if let iova = f.iova { b.withFault { x in x.address = x.address ?? iova } }
                    b.machine.smmuEventWords = nil
                }
            }
            return true
        },
        // Kernels that decode the record: `event: F_TRANSLATION client: 0000:00:01.0 sid: 0x8 ssid: 0x0 iova: 0x… ipa: 0x0`.
        LineRule("smmu", "arm-smmu", #"arm-smmu-v3 [^ :]+: event: (\w+) client: (\S+) sid: 0x([0-9a-fA-F]+) ssid: 0x[0-9a-fA-F]+ iova: 0x([0-9a-fA-F]+)"#) { b, m in
            if var f = b.report.iommu {
                f.eventName = f.eventName ?? m.string(1)
                f.streamID = f.streamID ?? m.hex(3).map { Hex64($0) }
                f.iova = f.iova ?? m.hex(4).map { Hex64($0) }
                b.report.iommu = f
            }
            return true
        },
        // 6.x's decode of a context fault: `FSR    = 00000402 [Format=2 TF], SID=0x800`. Under its
        // headline it adds to that fault; alone (the headline rate-limited away, or not quoted)
        // it is the fault.
        LineRule("smmu", "arm-smmu", #"(arm-smmu(?:-v3)?) ([^ :]+): FSR += ([0-9a-fA-F]+)(?: \[[^\]]*\])?(?:, SID=0x([0-9a-fA-F]+))?"#) { b, m in
            b.setArch(.arm64)
            var f = b.report.iommu ?? {
                var new = IOMMUFault(driver: m.string(1) ?? "arm-smmu", type: "context-fault")
                new.instance = m.string(2)
                return new
            }()
            f.fsr = f.fsr ?? m.hex(3).map { Hex64($0) }
            f.streamID = f.streamID ?? m.hex(4).map { Hex64($0) }
            b.report.iommu = f
            return true
        },
        // 6.x decode lines (`FSR    = 00000402 [Format=2 TF], SID=0x800`, `FSYNR0 = …`), qcom's
        // `soft iova-to-phys=0x0`, and other lines of the SMMU after a fault line. Only then:
        // the same driver's probe and configuration lines would otherwise keep any open report
        // going through a boot log.
        LineRule("smmu", "arm-smmu") { b, _ in b.report.iommu != nil },
        LineRule("smmu", "qcom-smmu") { b, _ in b.report.iommu != nil },
        // `DMAR: [DMA Read NO_PASID] Request device [00:02.0] fault addr 0x7f7ff000 [fault reason 0x06] PTE Read access is not set`
        LineRule("dmar", "DMAR: ", #"DMAR: \[(?:DMA|INTR)[^\]]*\] Request device \[([^\]]+)\] (?:PASID \w+ )?fault addr (?:0x)?([0-9a-fA-F]+)"#) { b, m in
            b.setArch(.x86_64)
            if var f = fault(b, driver: "DMAR", type: "context-fault", instance: m.string(1)) {
                f.iova = m.hex(2).map { Hex64($0) }
                b.report.iommu = f
                if let iova = f.iova { b.withFault { x in x.address = x.address ?? iova } }
            }
            return true
        },
        // `DMAR: [INTR-REMAP] Request device [02:00.0] fault index 0x0 [fault reason 0x25]
        // Blocked a compatibility format interrupt request`: an interrupt (an MSI write) the
        // remapping table refused.
        LineRule("dmar", "DMAR: ", #"DMAR: \[INTR-REMAP\] Request device \[([^\]]+)\] fault index (?:0x)?[0-9a-fA-F]+"#) { b, m in
            b.setArch(.x86_64)
            if let f = fault(b, driver: "DMAR", type: "interrupt-remapping-fault", instance: m.string(1)) { b.report.iommu = f }
            return true
        },
        LineRule("dmar", "DMAR: ") { b, _ in b.report.iommu != nil },
        // The device is `device=05:00.0`, or (5.x's dev_err on the device) the PCI address of
        // the line's `amdgpu 0000:05:00.0:` prefix, written the same way.
        LineRule("amd-vi", "", #"(?:\S+ (?:[0-9a-fA-F]{4}:)?([0-9a-fA-F]{2}:[0-9a-fA-F]{2}\.[0-7]): |\S+ \S+: )?(?:AMD-Vi: )?Event logged \[IO_PAGE_FAULT (?:device=(\S+) )?domain=0x[0-9a-fA-F]+ address=0x([0-9a-fA-F]+)"#, containing: "Event logged [IO_PAGE_FAULT") { b, m in
            b.setArch(.x86_64)
            if var f = fault(b, driver: "AMD-Vi", type: "context-fault", instance: m.string(2) ?? m.string(1)) {
                f.iova = m.hex(3).map { Hex64($0) }
                b.report.iommu = f
                if let iova = f.iova { b.withFault { x in x.address = x.address ?? iova } }
            }
            return true
        },
        // The IOMMU's other events (drivers/iommu/amd/iommu.c iommu_print_event():
        // `iommu ivhd0: AMD-Vi: Event logged [IOTLB_INV_TIMEOUT device=06:00.0 address=0x…]`,
        // ILLEGAL_DEV_TABLE_ENTRY, INVALID_DEVICE_REQUEST …): an event of that name on the
        // device. Their address is the event's own (a command's, a table entry's), no IOVA.
        LineRule("amd-vi", "", #".*?Event logged \[([A-Z][A-Z_]+) (?:device=|devid=)([0-9a-fA-F:.]+)"#, containing: "Event logged [") { b, m in
            guard let name = m.string(1), name != "IO_PAGE_FAULT" else { return false }
            b.setArch(.x86_64)
            if var f = fault(b, driver: "AMD-Vi", type: "event", instance: m.string(2)) {
                f.eventName = name
                b.report.iommu = f
            }
            return true
        },
    ]
}

/// SMMUv3 event ids and the fields of an event record (Arm SMMUv3 architecture, §7.3).
public enum SMMUv3Events {
    static let names: [UInt64: String] = [
        0x01: "F_UUT", 0x02: "C_BAD_STREAMID", 0x03: "F_STE_FETCH", 0x04: "C_BAD_STE",
        0x05: "F_BAD_ATS_TREQ", 0x06: "F_STREAM_DISABLED", 0x07: "F_TRANSL_FORBIDDEN",
        0x08: "C_BAD_SUBSTREAMID", 0x09: "F_CD_FETCH", 0x0a: "C_BAD_CD", 0x0b: "F_WALK_EABT",
        0x10: "F_TRANSLATION", 0x11: "F_ADDR_SIZE", 0x12: "F_ACCESS", 0x13: "F_PERMISSION",
        0x20: "F_TLB_CONFLICT", 0x21: "F_CFG_CONFLICT", 0x24: "E_PAGE_REQUEST", 0x25: "F_VMS_FETCH",
    ]

    public static func name(of id: UInt64) -> String? { names[id] }

    /// Word 0: event id [7:0], StreamID [63:32]. Word 2: the input address (IOVA) of
    /// translation-class faults (0x10–0x13).
    public static func decode(_ words: [UInt64], into f: inout IOMMUFault) {
        guard words.count == 4 else { return }
        f.event = f.event ?? Hex64(words[0] & 0xff)
        f.streamID = f.streamID ?? Hex64(words[0] >> 32)
        if let e = f.event?.value, (0x10...0x13).contains(e) { f.iova = f.iova ?? Hex64(words[2]) }
    }
}

/// `name=value` fields of an SMMU fault line, in whatever order a tree prints them.
struct SMMUFields {
    private var values: [String: String] = [:]

    init(_ text: String) {
        for token in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let eq = token.firstIndex(of: "=") else { continue }
            let name = token[..<eq].lowercased()
            var value = token[token.index(after: eq)...]
            if let paren = value.firstIndex(of: "(") { value = value[..<paren] }
            if values[name] == nil { values[name] = String(value) }
        }
    }

    /// A hex field (`0x402`, or bare hex digits).
    func hex(_ name: String) -> Hex64? {
        guard var v = values[name] else { return nil }
        if v.hasPrefix("0x") || v.hasPrefix("0X") { v.removeFirst(2) }
        return UInt64(v, radix: 16).map { Hex64($0) }
    }

    /// A decimal field (`cb=5`), or a hex one written with `0x`.
    func decimal(_ name: String) -> Int? {
        guard let v = values[name] else { return nil }
        if v.hasPrefix("0x") { return Int(v.dropFirst(2), radix: 16) }
        return Int(v)
    }
}
