import OopsCore

/// The parser alone: every report of an in-memory input, titled, with no decoding or diagnosis
/// (module Analysis's `Analyzer` runs the whole pipeline). For the parser's own tests, and for
/// library users who want the records only. (Without arm64 decoding, a report whose kind only
/// its ESR tells stays `unknown`, and its title says so.)
public enum ReportParser {
    public static func parse(_ bytes: UnsafeRawBufferPointer, source: String = "<memory>") -> AnalysisDocument {
        let scratch = MatchScratch()
        let titling = MatchScratch()
        var reports: [Report] = []
        var titleProblems: [InputProblem] = []
        var scanner = ReportScanner(scratch: scratch) { r in
            var r = r
            if let p = ReportTitler.titleOnce(&r, scratch: titling) { titleProblems.append(p) }
            reports.append(r)
        }
        do {
            try LineSplitter.feed(bytes, into: &scanner)
            try scanner.finish()
        } catch {
            // Only `emit` could throw, and it does not here.
        }
        return AnalysisDocument(source: source, reports: reports,
                                errors: InputProblem.inLineOrder(scanner.problems, titleProblems))
    }

    public static func parse(_ text: String, source: String = "<memory>") -> AnalysisDocument {
        Array(text.utf8).withUnsafeBytes { parse($0, source: source) }
    }
}
