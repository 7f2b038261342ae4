import OopsCore

/// A storm of IOMMU faults is one report with a repeat count only while the faults are the
/// same fault; a different IOVA or stream is a different DMA and its own report. An arm-smmu
/// context-fault line carries its fields (identical text is the same fault), but an SMMUv3
/// `event 0x10 received:` line does not: its record follows in four raw words. A repeated
/// event is therefore held as a probe: its lines are kept aside until the record decodes,
/// then either counted as a repeat or split off as a report of its own.
struct RepeatProbe {
    /// The probe's lines, in order, with their numbers (re-scanned when it splits off).
    var lines: [(number: Int, bytes: [UInt8])] = []
    var words: [UInt64] = []
    let event: Hex64?
    /// The report's state before the probe began, restored when the probe splits off.
    let rawLineCount: Int
    let lastLine: Int
    /// The record decoded to a different fault: the scanner splits the probe off.
    var differs = false
}

extension ReportBuilder {
    /// An SMMUv3 event of the same instance arrived while this report holds one: probe it.
    func beginRepeatProbe(event: Hex64?) {
        probe = RepeatProbe(event: event, rawLineCount: rawLineCountForProbe, lastLine: lastLine)
    }

    /// A raw record word of the probed event; the fourth decides.
    func probeWord(_ w: UInt64) {
        guard var p = probe, !p.differs else { return }
        p.words.append(w)
        if p.words.count == 4, let first = report.iommu {
            var repeatFault = IOMMUFault(driver: first.driver, type: first.type)
            repeatFault.event = p.event
            SMMUv3Events.decode(p.words, into: &repeatFault)
            if repeatFault.iova == first.iova && repeatFault.streamID == first.streamID && repeatFault.event == first.event {
                report.iommu?.repeats += 1
                probe = nil
                return
            }
            p.differs = true
        }
        probe = p
    }
}
