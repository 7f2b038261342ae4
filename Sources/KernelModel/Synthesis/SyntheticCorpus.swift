import OopsCore

/// Corpus/synthetic: one emulated report per scenario × era × lock-debug variant that prints
/// something, with the fields the emulator says the parser must read back from it.
public enum SyntheticCorpus {
    /// One synthetic log and its expected fields.
    public struct File: Sendable {
        /// `6.1/base/FM-2b_dma_map_page.log`.
        public let path: String
        public let log: String
        /// `{"reports": [...]}` with the emulated fields, in the golden-test format.
        public let expected: String
    }

    public static func files() -> [File] {
        var out: [File] = []
        for era in Era.allCases {
            for variant in LockDebug.allCases {
                let profile = KernelProfile(era: era, lockDebug: variant)
                for s in Scenarios.all {
                    guard let r = PathEmulator.shared.run(s, on: profile), let text = OopsText.render(r) else { continue }
                    let name = s.id.replacingSlashes + ".log"
                    out.append(File(path: "\(era.rawValue)/\(variant.rawValue)/\(name)", log: text, expected: expected(r)))
                }
            }
        }
        return out
    }

    /// The fields of the first report the text prints, from the emulation itself (not from
    /// oopsy's parse): kind, pc, fault address, call trace; the WARN site; the SMMU's IOVA.
    static func expected(_ r: EmulationResult) -> String {
        var reports: [[String]] = []
        var fields: [String] = ["\"arch\": \"arm64\""]
        switch r.outcome {
        case .oops(let o):
            let f = o.fault
            let printed = OopsText.printedAddress(f.address, era: r.profile.era)
            let kind: String
            switch f.kind {
            case .kasan: kind = "kasan"
            case .externalAbort: kind = "serror"
            default: kind = printed < 0x1000 && f.kind == .memory ? "null-pointer-dereference" : "paging-request"
            }
            fields.append("\"kind\": \"\(kind)\"")
            if f.kind != .exec && f.kind != .kasan {
                fields.append("\"pc\": {\"symbol\": \"\(o.function)\"}")
            }
            if f.kind != .kasan && f.kind != .externalAbort {
                fields.append("\"fault\": {\"address\": \"\(Hex64(printed))\"}")
            }
            let trace = f.kind == .kasan ? o.trace : o.trace
            if f.kind != .kasan {
                fields.append("\"trace\": [" + trace.map { "{\"symbol\": \"\($0)\"}" }.joined(separator: ", ") + "]")
            }
        case .warning(let ws):
            for w in ws {
                reports.append(["\"arch\": \"arm64\"", "\"kind\": \"warning\"", "\"pc\": {\"symbol\": \"\(w.function)\"}",
                                "\"site\": {\"file\": \"\(w.file)\"}",
                                "\"trace\": [" + w.trace.map { "{\"symbol\": \"\($0)\"}" }.joined(separator: ", ") + "]"])
            }
            fields = []
        case .smmuFault(let fs):
            for f in fs {
                var one = ["\"arch\": \"arm64\"", "\"kind\": \"iommu-fault\""]
                if !r.scenario.id.hasPrefix("FM-6b") { one.append("\"iommu\": {\"iova\": \"\(Hex64(f.iova))\"}") }
                reports.append(one)
            }
            fields = []
        case .silent:
            break
        }
        if !fields.isEmpty { reports.insert(fields, at: 0) }
        let objects = reports.map { "    {\n      " + $0.joined(separator: ",\n      ") + "\n    }" }
        return "{\n  \"reports\": [\n" + objects.joined(separator: ",\n") + "\n  ]\n}\n"
    }
}

extension String {
    var replacingSlashes: String { String(map { $0 == "/" ? "_" : $0 }) }
}
