import Foundation
import Oopsy

/// The whole analysis entry point as the fuzzer drives it (issue 8): bytes → reports →
/// diagnoses → every renderer (text with and without colour, Markdown, plain, the JSON writer,
/// jsonl, the triage summary as text, CSV and HTML, and merge reading the jsonl back), plus
/// the properties that must hold for any input. A property
/// that fails is a finding: ``FuzzEntry/run(_:)`` returns it, and the libFuzzer driver turns
/// it into a crash so the input is kept.
///
/// The regression test (`Tests/FuzzTests`) runs every kept input through this same function.
public enum FuzzEntry {
    /// Analyzers are per thread (they own PCRE2, Capstone and Unicorn state); libFuzzer calls
    /// from one thread, tests may call from several.
    private static let workers = ThreadWorkers()

    /// What one run produced, for tests to look at.
    public struct Outcome {
        public var reports: Int
        public var problems: Int
        /// Broken properties; empty when the input was handled as designed.
        public var violations: [String]
    }

    /// Fills the process-wide caches that are built once and kept (the path emulator's results
    /// per kernel profile), so a fuzzer's leak check sees only what a run itself leaves behind.
    public static func prepare() {
        for profile in KernelProfile.defconfig + KernelProfile.debian { _ = PathEmulator.shared.runAll(on: profile) }
    }

    /// Runs `bytes` through every stage and renderer and checks the output properties.
    public static func run(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        let worker = workers.current()
        let analyzer = worker.analyzer
        let doc = analyzer.analyze(bytes: bytes, source: "fuzz.log")
        var violations: [String] = []

        // The same bytes streamed through a file descriptor in the smallest chunks the reader
        // allows give the same reports as the in-memory path.
        if let streamed = streamedReports(bytes, worker: worker) {
            if streamed.count != doc.reports.count {
                violations.append("streamed input gave \(streamed.count) reports, in-memory \(doc.reports.count)")
            } else if let i = streamed.indices.first(where: { stripped(streamed[$0]) != stripped(doc.reports[$0]) }) {
                violations.append("streamed report \(i + 1) differs from the in-memory one")
            }
        }

        // A clean console read through CRLF line ends or one level of mail quoting gives the
        // same records (``Metamorphic``; the other transforms are checked over the corpus,
        // where a fuzzed line near a mail client's wrap column cannot make them ambiguous).
        // Quoted, a line without a stamp after a long stamped one is a mail client's piece of
        // it: only a console stamped on every line reads the same quoted.
        if !doc.reports.isEmpty, let text = String(validating: UnsafeRawBufferPointer(bytes), as: UTF8.self),
           Metamorphic.isCleanConsole(text) {
            let transforms: [Metamorphic.Transform] = Metamorphic.isCleanConsole(text, percent: 100) ? [.crlf, .quoted(1)] : [.crlf]
            for t in transforms {
                let mangled = analyzer.analyze(text: t.apply(text)).reports
                violations += Metamorphic.violations(original: doc.reports, transformed: mangled, by: t)
            }
        }

        for r in doc.reports {
            if r.lines.first < 1 || r.lines.last < r.lines.first {
                violations.append("report \(r.id) has line span \(r.lines.first)–\(r.lines.last)")
            }
        }

        // Text, with and without colour: without colour no control character but tab and
        // newline reaches the terminal; with colour only the renderer's own SGR sequences.
        for r in doc.reports {
            let plain = TextRenderer(color: false, width: 100).render(r, source: "fuzz.log")
            if let c = firstControl(plain) { violations.append("text output of report \(r.id) carries control \(c)") }
            let coloured = TextRenderer(color: true, width: 40).render(r, source: "fuzz.log")
            if let c = firstControl(withoutSGR(coloured)) { violations.append("coloured text of report \(r.id) carries control \(c)") }
        }

        // The report views for bug trackers and files: they must not crash on any record.
        _ = MarkdownRenderer().render(doc.reports, source: "fuzz.log")
        _ = PlainReportRenderer().render(doc.reports, source: "fuzz.log")

        // JSON: the document (pretty), each jsonl line, the triage summary line; all must parse.
        do {
            let json = try JSONWriter(pretty: true).encode(doc)
            if !parses(json) { violations.append("JSON document does not parse") }
            var jsonl: [UInt8] = []
            for var r in doc.reports {
                r.source = "fuzz.log"
                let line = try TriageJSONL.reportLine(r)
                if !parses(Array(line.dropLast())) { violations.append("jsonl line of report \(r.id) does not parse") }
                jsonl += line
            }
            // Triage summary over the reports, in every format, and merge reading jsonl back.
            let sourced = doc.reports.map { r -> Report in var r = r; r.source = "fuzz.log"; return r }
            let summary = Clustering.summarize(Clustering.canonicalOrder(sourced), inputs: 1, bytes: bytes.count,
                                               unreadable: [], members: true)
            let summaryLine = try TriageJSONL.summaryLine(summary)
            if !parses(Array(summaryLine.dropLast())) { violations.append("triage summary line does not parse") }
            jsonl += summaryLine
            var shard = TriageJSONL.Shard()
            do {
                try TriageJSONL.read(Data(jsonl), source: "fuzz.jsonl", into: &shard)
                if shard.reports.count != doc.reports.count {
                    violations.append("merge read back \(shard.reports.count) of \(doc.reports.count) reports")
                }
            } catch {
                violations.append("merge cannot read its own jsonl: \(error)")
            }
            let text = TriageText(color: false, width: 100).render(summary)
            if let c = firstControl(text) { violations.append("triage text carries control \(c)") }
            _ = TriageText(color: true, width: 60).render(summary)
            _ = TriageCSV.render(summary)
            _ = TriageHTML.render(summary)
        } catch {
            violations.append("a JSON writer threw: \(error)")
        }
        return Outcome(reports: doc.reports.count, problems: doc.errors.count, violations: violations)
    }

    public static func run(_ bytes: [UInt8]) -> Outcome {
        bytes.withUnsafeBytes { run($0) }
    }

    // MARK: helpers

    /// The reports of `bytes` read through ``LineReader`` from a file.
    private static func streamedReports(_ bytes: UnsafeRawBufferPointer, worker: Worker) -> [Report]? {
        let fd = worker.fd
        guard fd >= 0, ftruncate(fd, 0) == 0 else { return nil }
        var at = 0
        while at < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + at, bytes.count - at, off_t(at))
            if n <= 0 { return nil }
            at += n
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else { return nil }
        let analyzer = worker.analyzer
        var reports: [Report] = []
        analyzer.resetStream()
        var scanner = analyzer.makeScanner { reports.append($0) }
        do {
            try LineReader(fileDescriptor: fd, chunkSize: 4096).feed(into: &scanner)
            try scanner.finish()
        } catch {
            return nil
        }
        return reports
    }

    /// Fields that do not take part in the comparison of the two paths.
    private static func stripped(_ r: Report) -> Report { r.withoutRawText }

    private static func parses(_ json: [UInt8]) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed])) != nil
    }

    /// The first C0/C1 control (or bidi override) other than tab and newline, spelled as hex.
    static func firstControl(_ s: String) -> String? {
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x09 || v == 0x0A { continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) {
                return "U+" + String(v, radix: 16)
            }
        }
        return nil
    }

    /// `s` without SGR sequences (`ESC [ digits;… m`), the only escapes the renderer makes.
    static func withoutSGR(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var it = Array(s.unicodeScalars)[...]
        while let u = it.popFirst() {
            if u.value == 0x1B, it.first == "[" {
                var j = it.index(after: it.startIndex)
                while j < it.endIndex, ("0"..."9").contains(it[j]) || it[j] == ";" { j += 1 }
                if j < it.endIndex, it[j] == "m" { it = it[(j + 1)...]; continue }
            }
            out.append(u)
        }
        return String(out)
    }
}

/// What one thread reuses across runs: an analyzer (it owns PCRE2, Capstone and Unicorn
/// state) and an unlinked scratch file for the streamed path.
final class Worker {
    let analyzer = Analyzer()
    let fd: Int32

    init() {
        var template = Array((NSTemporaryDirectory() + "/oopsy-fuzz-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 { template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) } }
        self.fd = fd
    }

    deinit { if fd >= 0 { close(fd) } }
}

/// One ``Worker`` per thread.
final class ThreadWorkers: @unchecked Sendable {
    private let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k) { Unmanaged<Worker>.fromOpaque($0!).release() }
        return k
    }()

    func current() -> Worker {
        if let p = pthread_getspecific(key) { return Unmanaged<Worker>.fromOpaque(p).takeUnretainedValue() }
        let w = Worker()
        pthread_setspecific(key, Unmanaged.passRetained(w).toOpaque())
        return w
    }
}
