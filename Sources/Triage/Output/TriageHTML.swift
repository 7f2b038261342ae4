import OopsCore
import Render

/// One self-contained HTML page for a triage: a bar chart of the top clusters (inline SVG), a
/// sortable table (a few lines of inline script), each cluster expandable to its
/// representative report and diagnosis. No external assets; every byte from a log is escaped.
public enum TriageHTML {
    public static func render(_ s: TriageSummary) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>oopsy triage: \(s.reports) reports, \(s.clusters.count) crashes</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,sans-serif;margin:2rem;color:#1d232a;max-width:1200px}
        h1{font-size:1.4rem;margin:0 0 .3rem} .meta{color:#57606a;margin-bottom:1.2rem}
        table{border-collapse:collapse;width:100%;table-layout:fixed} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:break-word}
        col.n{width:3em} col.count{width:4.5em} col.kind{width:10%} col.title{width:34%} col.kernels{width:15%} col.where{width:12%} col.cause{width:11%}
        td pre{white-space:pre-wrap;overflow-wrap:anywhere}
        th{cursor:pointer;user-select:none;background:#f6f8fa} th:hover{background:#eaeef2}
        td.n{text-align:right;font-variant-numeric:tabular-nums} .kind{color:#57606a;font-size:.9em}
        details summary{cursor:pointer;color:#0969da} pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:12px}
        .cause{font-weight:600;color:#9a6700} .bad{color:#cf222e} .echo{color:#666;font-size:85%} svg text{font:12px system-ui,sans-serif}
        </style></head><body>
        <h1>oopsy triage</h1>
        <div class="meta">\(s.inputs) inputs (\(esc(Bytes.human(s.bytes)))), \(s.reports) reports in \(s.clusters.count) distinct crashes\(s.unreadable.isEmpty ? "" : ", <span class=\"bad\">\(s.unreadable.count) unreadable</span>")</div>

        """
        h += chart(s)
        h += "<table id=\"clusters\"><colgroup><col class=\"n\"><col class=\"count\"><col class=\"kind\"><col class=\"title\"><col class=\"kernels\"><col class=\"where\"><col class=\"where\"><col class=\"cause\"></colgroup><thead><tr><th data-k=\"n\">#</th><th data-k=\"n\">count</th><th>kind</th><th>title</th><th>kernels</th><th>first</th><th>last</th><th>cause</th></tr></thead><tbody>\n"
        let sharedTitles = Dictionary(grouping: s.clusters, by: \.title).filter { $0.value.count > 1 }
        for (i, c) in s.clusters.enumerated() {
            // As in the text table: clusters sharing a title are told apart by their callers.
            let distinction = sharedTitles[c.title].map { TriageText.distinction(c.signature, among: $0.map(\.signature)) } ?? ""
            let via = distinction.isEmpty ? "" : " <span class=\"kind\">\(esc(String(distinction.dropFirst())))</span>"
            h += "<tr><td class=\"n\">\(i + 1)</td><td class=\"n\">\(c.count)\(c.consequences.map { "<br><span class=\"echo\" title=\"follow from an earlier crash of their log\">\($0) after</span>" } ?? "")</td><td class=\"kind\">\(esc(c.kind.rawValue))</td><td>"
            h += "<details><summary>\(esc(c.title))\(via)</summary>\(detail(c))</details></td>"
            h += "<td>\(esc(c.kernels.joined(separator: ", ")))</td>\(where_(c.first))\(where_(c.last))"
            h += "<td>\(c.diagnosis.map { "<span class=\"cause\">\(esc($0.cause))</span> \(Int(($0.confidence * 100).rounded()))%" } ?? "")</td></tr>\n"
        }
        h += "</tbody></table>\n"
        if !s.unreadable.isEmpty {
            h += "<h2>Unreadable inputs</h2><ul>" + s.unreadable.map { "<li>\(esc($0.source)): \(esc($0.reason))</li>" }.joined() + "</ul>\n"
        }
        h += """
        <script>
        document.querySelectorAll('#clusters th').forEach(function(th, col) {
          th.addEventListener('click', function() {
            var body = th.closest('table').tBodies[0], rows = Array.from(body.rows);
            var num = th.dataset.k === 'n', dir = th.dataset.dir === 'asc' ? -1 : 1;
            th.dataset.dir = dir === 1 ? 'asc' : 'desc';
            rows.sort(function(a, b) {
              var x = a.cells[col].textContent, y = b.cells[col].textContent;
              return (num ? (parseFloat(x) - parseFloat(y)) : x.localeCompare(y)) * dir;
            });
            rows.forEach(function(r) { body.appendChild(r); });
          });
        });
        </script>
        </body></html>

        """
        return h
    }

    /// Horizontal bars for the ten biggest clusters.
    static func chart(_ s: TriageSummary) -> String {
        let top = Array(s.clusters.prefix(10))
        guard let maxCount = top.map(\.count).max(), maxCount > 0 else { return "" }
        let rowH = 22, labelW = 420, barW = 360
        var svg = "<svg role=\"img\" aria-label=\"top crashes by count\" width=\"\(labelW + barW + 60)\" height=\"\(top.count * rowH + 10)\">\n"
        for (i, c) in top.enumerated() {
            let y = i * rowH + 5
            let w = max(2, barW * c.count / maxCount)
            let label = c.title.count > 60 ? String(c.title.prefix(59)) + "…" : c.title
            svg += "<text x=\"\(labelW - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(esc(label))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowH - 6)\" fill=\"#0969da\"></rect>"
            svg += "<text x=\"\(labelW + w + 6)\" y=\"\(y + 15)\">\(c.count)</text>\n"
        }
        return svg + "</svg>\n"
    }

    static func detail(_ c: Cluster) -> String {
        var h = "<p class=\"kind\">signature <code>\(esc(c.signature))</code>"
        if !c.hardware.isEmpty { h += "; hardware: \(esc(c.hardware.joined(separator: "; ")))" }
        h += "</p>"
        if let d = c.diagnosis {
            h += "<p><span class=\"cause\">\(esc(d.cause))</span> (\(esc(d.model)), \(Int((d.confidence * 100).rounded()))%): \(esc(d.summary))</p>"
            if !d.evidence.isEmpty { h += "<ul>" + d.evidence.map { "<li>\(esc($0.fact))</li>" }.joined() + "</ul>" }
            if let fix = d.fix { h += "<p><b>fix:</b> \(esc(fix))</p>" }
        }
        let raw = c.representative.rawLines?.joined(separator: "\n") ?? TextRenderer(color: false, width: 100).render(c.representative, source: c.first.source)
        h += "<pre>\(esc(raw))</pre>"
        return h
    }

    /// HTML text escaping; control characters become visible escapes.
    static func esc(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for u in TerminalSafe.escape(s, keepNewlines: true).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A first/last cell: the file's name and line, the full path on hover (paths from a
    /// corpus tree would otherwise make the table wider than the page).
    static func where_(_ o: Occurrence) -> String {
        let name = o.source.split(separator: "/").last.map(String.init) ?? o.source
        return "<td class=\"where\" title=\"\(esc(o.source)):\(o.line)\">\(esc(name)):\(o.line)</td>"
    }
}
