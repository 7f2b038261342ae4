import OopsCore
import Render

/// One self-contained HTML page for a triage: a bar chart of the top clusters (inline SVG), a
/// filter box and a sortable table (a few lines of inline script), each cluster unfolding to a
/// row across the table with its representative report: that report's own diagnosis above
/// that report's own log. No
/// external assets; every byte from a log is escaped. scripts/browser/triage-page.py drives it
/// in headless Chromium (TriagePageTests).
public enum TriageHTML {
    public static func render(_ s: TriageSummary) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>oopsy triage: \(s.reports) reports, \(s.clusters.count) crashes</title>
        <style>
        body{font:14px/1.45 system-ui,-apple-system,sans-serif;margin:1.2rem 1.5rem;color:#1d232a}
        h1{font-size:1.4rem;margin:0 0 .3rem} .meta{color:#57606a;margin-bottom:1rem}
        .controls{margin:1rem 0 .6rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
        #filter{font:inherit;padding:.3rem .5rem;width:min(32rem,100%);border:1px solid #d0d7de;border-radius:6px}
        #shown{color:#57606a}
        table{border-collapse:collapse;width:100%;table-layout:fixed} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d0d7de;vertical-align:top;overflow-wrap:break-word}
        col.n{width:3em} col.count{width:5em} col.kind{width:9%} col.title{width:36%} col.kernels{width:14%} col.where{width:11%} col.cause{width:12%}
        th{cursor:pointer;user-select:none;background:#f6f8fa;white-space:nowrap} th:hover{background:#eaeef2}
        th::after{content:" \\2195";color:#8c959f} th[aria-sort=ascending]::after{content:" \\25B2";color:#1d232a} th[aria-sort=descending]::after{content:" \\25BC";color:#1d232a}
        td.n{text-align:right;font-variant-numeric:tabular-nums} .kind{color:#57606a;font-size:.9em}
        button.unfold{font:inherit;color:#0969da;background:none;border:0;padding:0;text-align:left;cursor:pointer}
        button.unfold::before{content:"\\25B6  ";font-size:.75em} button.unfold[aria-expanded=true]::before{content:"\\25BC  "}
        tr.detail>td{background:#fbfcfd;padding:.6rem 1rem 1rem} pre{background:#f6f8fa;padding:.6rem;overflow:auto;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
        code{background:#eff1f3;padding:0 .2em;border-radius:3px;font-size:92%}
        .cause{font-weight:600;color:#9a6700} .bad{color:#cf222e} .echo{color:#666;font-size:85%}
        svg{max-width:100%;height:auto} svg text{font:12px system-ui,sans-serif}
        @media (max-width:1000px){body{font-size:13px;margin:1rem} col.n{width:2.8em} col.count{width:4.8em} col.kind{width:11%} col.title{width:30%} col.kernels{width:15%} col.where{width:12%} col.cause{width:12%}}
        </style></head><body>
        <h1>oopsy triage</h1>
        <div class="meta">\(s.inputs) inputs (\(esc(Bytes.human(s.bytes)))), \(s.reports) reports in \(s.clusters.count) distinct crashes\(s.unreadable.isEmpty ? "" : ", <span class=\"bad\">\(s.unreadable.count) unreadable</span>")</div>

        """
        h += chart(s)
        h += "<div class=\"controls\"><input id=\"filter\" type=\"search\" placeholder=\"filter: title, kind, cause, kernel, file, hardware\" aria-label=\"filter crashes\"><span id=\"shown\">\(s.clusters.count) of \(s.clusters.count) crashes</span></div>\n"
        h += "<table id=\"clusters\"><colgroup><col class=\"n\"><col class=\"count\"><col class=\"kind\"><col class=\"title\"><col class=\"kernels\"><col class=\"where\"><col class=\"where\"><col class=\"cause\"></colgroup><thead><tr>"
        // A number column's first click sorts most first; a text column's A to Z.
        for (col, label, numeric) in [("rank", "#", true), ("count", "count", true), ("kind", "kind", false), ("title", "title", false),
                                      ("kernels", "kernels", false), ("first", "first", false), ("last", "last", false), ("causes", "causes", false)] {
            h += "<th data-col=\"\(col)\" data-k=\"\(numeric ? "n" : "t")\"\(col == "rank" ? " aria-sort=\"ascending\"" : "")>\(label)</th>"
        }
        h += "</tr></thead><tbody>\n"
        let sharedTitles = Dictionary(grouping: s.clusters, by: \.title).filter { $0.value.count > 1 }
        for (i, c) in s.clusters.enumerated() {
            // As in the text table: clusters sharing a title are told apart by their callers.
            let distinction = sharedTitles[c.title].map { TriageText.distinction(c.signature, among: $0.map(\.signature)) } ?? ""
            let via = distinction.isEmpty ? "" : " <span class=\"kind\">\(esc(String(distinction.dropFirst())))</span>"
            let causes = (c.causes ?? []).map { $0.count > 1 ? "\($0.cause) ×\($0.count)" : $0.cause }
            let searchable = ([c.title, c.kind.rawValue, c.signature, c.first.source, c.last.source] + causes + c.kernels + c.hardware)
                .joined(separator: " ").lowercased()
            h += "<tr class=\"cluster\" data-rank=\"\(i + 1)\" data-kind=\"\(esc(c.kind.rawValue))\" data-title=\"\(esc(c.title))\" data-text=\"\(esc(searchable))\""
            if let line = c.representative.rawLines?.first { h += " data-first-line=\"\(esc(String(line.drop { $0 == " " || $0 == "\t" })))\"" }
            h += "><td class=\"n\" data-v=\"\(i + 1)\">\(i + 1)</td><td class=\"n\" data-v=\"\(c.count)\">\(c.count)\(c.consequences.map { "<br><span class=\"echo\" title=\"follow from an earlier crash of their log\">\($0) after</span>" } ?? "")</td><td class=\"kind\">\(esc(c.kind.rawValue))</td><td data-v=\"\(esc(c.title))\">"
            h += "<button class=\"unfold\" aria-expanded=\"false\" aria-controls=\"detail-\(i + 1)\">\(esc(c.title))</button>\(via)</td>"
            h += "<td>\(esc(c.kernels.joined(separator: ", ")))</td>\(where_(c.first))\(where_(c.last))"
            h += "<td>\(causes.map { "<span class=\"cause\">\(esc($0))</span>" }.joined(separator: "<br>"))</td></tr>\n"
            // Unfolded, the report spans the table: a kernel log wants its 120 columns.
            h += "<tr class=\"detail\" id=\"detail-\(i + 1)\" hidden><td colspan=\"8\">\(detail(c))</td></tr>\n"
        }
        h += "</tbody></table>\n"
        if !s.unreadable.isEmpty {
            h += "<h2>Unreadable inputs</h2><ul>" + s.unreadable.map { "<li>\(esc($0.source)): \(esc($0.reason))</li>" }.joined() + "</ul>\n"
        }
        h += script
        h += "</body></html>\n"
        return h
    }

    /// Sorting (by a cell's data-v, else its text; ties keep the ranking) and filtering (a
    /// row's data-text holds what the filter searches).
    static let script = """
        <script>
        (function() {
          var table = document.getElementById('clusters'), body = table.tBodies[0];
          var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
          function key(row, col, num) {
            var c = row.cells[col], v = c.dataset.v !== undefined ? c.dataset.v : c.textContent;
            return num ? parseFloat(v) : v.toLowerCase();
          }
          function clusters() { return Array.prototype.slice.call(body.querySelectorAll('tr.cluster')); }
          function detail(row) { return document.getElementById('detail-' + row.dataset.rank); }
          body.addEventListener('click', function(e) {
            var b = e.target.closest('button.unfold');
            if (!b) return;
            var open = b.getAttribute('aria-expanded') !== 'true';
            b.setAttribute('aria-expanded', open ? 'true' : 'false');
            detail(b.closest('tr')).hidden = !open;
          });
          heads.forEach(function(th, col) {
            th.addEventListener('click', function() {
              var num = th.dataset.k === 'n', now = th.getAttribute('aria-sort');
              var dir = now === 'descending' ? 'ascending' : now === 'ascending' ? 'descending' : num ? 'descending' : 'ascending';
              if (th.dataset.col === 'rank' && !now) dir = 'ascending';
              heads.forEach(function(h) { h.removeAttribute('aria-sort'); });
              th.setAttribute('aria-sort', dir);
              var sign = dir === 'ascending' ? 1 : -1;
              var rows = clusters();
              rows.sort(function(a, b) {
                var x = key(a, col, num), y = key(b, col, num);
                return (x < y ? -1 : x > y ? 1 : 0) * sign || a.dataset.rank - b.dataset.rank;
              });
              rows.forEach(function(r) { var d = detail(r); body.appendChild(r); body.appendChild(d); });
            });
          });
          var filter = document.getElementById('filter'), shown = document.getElementById('shown');
          filter.addEventListener('input', function() {
            var q = filter.value.trim().toLowerCase(), n = 0, rows = clusters();
            rows.forEach(function(r) {
              var hit = !q || r.dataset.text.indexOf(q) >= 0;
              r.hidden = !hit;
              detail(r).hidden = !hit || r.querySelector('button.unfold').getAttribute('aria-expanded') !== 'true';
              if (hit) n++;
            });
            shown.textContent = n + ' of ' + rows.length + ' crashes';
          });
        })();
        </script>

        """

    /// Horizontal bars for the ten biggest clusters; a label too long gives way in its middle,
    /// keeping the function (as the text table does).
    static func chart(_ s: TriageSummary) -> String {
        let top = Array(s.clusters.prefix(10))
        guard let maxCount = top.map(\.count).max(), maxCount > 0 else { return "" }
        let rowH = 22, labelW = 440, barW = 360, width = labelW + barW + 60, height = top.count * rowH + 10
        var svg = "<svg role=\"img\" aria-label=\"top crashes by count\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
        for (i, c) in top.enumerated() {
            let y = i * rowH + 5
            let w = max(2, barW * c.count / maxCount)
            svg += "<text x=\"\(labelW - 6)\" y=\"\(y + 15)\" text-anchor=\"end\"><title>\(esc(c.title))</title>\(esc(TriageText.clip(c.title, to: 64)))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowH - 6)\" fill=\"#0969da\"></rect>"
            svg += "<text x=\"\(labelW + w + 6)\" y=\"\(y + 15)\">\(c.count)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// The representative report: its own diagnosis (never another member's) above its own log.
    static func detail(_ c: Cluster) -> String {
        let r = c.representative
        var h = "<p class=\"kind\">signature <code>\(esc(c.signature))</code>"
        if !c.hardware.isEmpty { h += "; hardware: \(esc(c.hardware.joined(separator: "; ")))" }
        h += "; shown: \(esc(label(c.first)))</p>"
        if let d = r.diagnoses.first {
            h += "<p><span class=\"cause\">\(esc(d.cause))</span> (\(esc(d.model)), \(Int((d.confidence * 100).rounded()))%): \(prose(d.summary))</p>"
            if !d.evidence.isEmpty { h += "<ul>" + d.evidence.map { "<li>\(prose($0.fact))</li>" }.joined() + "</ul>" }
            if let fix = d.fix { h += "<p><b>fix:</b> \(prose(fix))</p>" }
        } else {
            h += "<p class=\"kind\">no diagnosis for this report</p>"
        }
        let raw = r.rawLines?.joined(separator: "\n") ?? TextRenderer(color: false, width: 100).render(r, source: c.first.source)
        h += "<pre>\(esc(raw))</pre>"
        return h
    }

    /// oopsy's own sentence: the code it marks (``InlineCode``) as `<code>`, the rest escaped.
    static func prose(_ s: String) -> String {
        InlineCode.parts(s).map { $0.isCode ? "<code>\(esc(String($0.text)))</code>" : esc(String($0.text)) }.joined()
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

    /// Where a report is, with its folder (three `null-group.log` of three eras are told
    /// apart by it): the last folder, the file's name and the line.
    static func label(_ o: Occurrence) -> String {
        let parts = o.source.split(separator: "/")
        return parts.suffix(2).joined(separator: "/") + ":\(o.line)"
    }

    /// A first/last cell: folder, file and line; the full path on hover.
    static func where_(_ o: Occurrence) -> String {
        // A narrow column breaks the label after its slash and before its line number.
        "<td class=\"where\" data-v=\"\(esc(o.source)):\(String(repeating: "0", count: max(0, 9 - String(o.line).count)))\(o.line)\" title=\"\(esc(o.source)):\(o.line)\">"
            + esc(label(o)).replacing("/", with: "/<wbr>").replacing(":", with: "<wbr>:") + "</td>"
    }
}
