import OopsCore

/// The function a report is about: the first frame that is not generic plumbing.
public enum Culprit {
    public static func find(in r: Report, meaningful: [String]? = nil) -> String? {
        if let f = (meaningful ?? meaningfulFrames(in: r)).first { return f }
        if let pc = r.pc, !GenericFrames.isGeneric(pc.baseSymbol), !pc.symbol.hasPrefix("0x") { return pc.baseSymbol }
        if let fn = r.site?.function { return Frame.stripCompilerSuffixes(fn) }
        return nil
    }

    /// Symbols of the report's frames with compiler suffixes stripped, plumbing skipped.
    /// The pc comes first when the trace does not start with it.
    public static func meaningfulFrames(in r: Report) -> [String] {
        var out: [String] = []
        var frames = r.trace.filter { $0.reliable }
        if let pc = r.pc, frames.first?.baseSymbol != pc.baseSymbol, !pc.symbol.hasPrefix("0x"),
           r.kind.isMemoryFault || r.kind == .unknown || r.kind == .serror {
            frames.insert(pc, at: 0)
        }
        for f in frames {
            let s = f.baseSymbol
            if s.hasPrefix("0x") || GenericFrames.isGeneric(s) { continue }
            if out.last != s { out.append(s) }
        }
        return out
    }
}
