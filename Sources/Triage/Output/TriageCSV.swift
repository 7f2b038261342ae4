import OopsCore

/// One CSV row per cluster (RFC 4180 quoting; a leading `=`, `+`, `-` or `@` is prefixed with
/// a quote mark so a spreadsheet does not run a log's text as a formula). `consequences` counts
/// the cluster's reports that follow from another report of their log (`count` minus it are
/// the crashes of their own); `causes` the causes its reports were given (`bug:1;sleep-in-atomic:1`).
public enum TriageCSV {
    public static let header = ["count", "kind", "title", "signature", "kernels", "hardware", "first_source", "first_line",
                                "last_source", "last_line", "diagnosis_model", "diagnosis_cause", "confidence", "consequences", "causes"]

    public static func render(_ s: TriageSummary) -> String {
        var rows = [header]
        for c in s.clusters {
            rows.append([String(c.count), c.kind.rawValue, c.title, c.signature, c.kernels.joined(separator: " "),
                         c.hardware.joined(separator: "; "), c.first.source, String(c.first.line), c.last.source,
                         String(c.last.line), c.diagnosis?.model ?? "", c.diagnosis?.cause ?? "",
                         c.diagnosis.map { String($0.confidence) } ?? "", String(c.consequences ?? 0),
                         (c.causes ?? []).map { "\($0.cause):\($0.count)" }.joined(separator: ";")])
        }
        return rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ s: String) -> String {
        var v = s
        if let f = v.first, "=+-@\t\r".contains(f) { v = "'" + v }
        v = String(v.unicodeScalars.map { $0.value < 0x20 && $0 != "\t" ? " " : Character($0) })
        if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) {
            return "\"" + v.replacingAll("\"", "\"\"") + "\""
        }
        return v
    }
}

extension String {
    func replacingAll(_ a: String, _ b: String) -> String { pieces(separatedBy: a).joined(separator: b) }
}
