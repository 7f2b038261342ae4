import ArgumentParser
import Foundation
import Oopsy
import Triage
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy merge FILE…`: several `triage --format jsonl` outputs → the summary one run over all
/// their inputs would give.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge 'oopsy triage --format jsonl' outputs into one triage.",
        discussion: """
        The merge is associative and commutative: shards merged in any order give the summary \
        one run over all their inputs gives.

        Examples:
          oopsy triage --format jsonl a/ > a.jsonl; oopsy triage --format jsonl b/ > b.jsonl
          oopsy merge a.jsonl b.jsonl
          oopsy merge --format html a.jsonl b.jsonl --output all.html
        """
    )

    @Argument(help: "jsonl files written by 'oopsy triage --format jsonl' (or 'oopsy merge --format jsonl'); .gz, .xz, .zst and .bz2 ones are decompressed.")
    var files: [String]

    @OptionGroup var summary: SummaryOutputOptions

    func run() throws {
        var shard = TriageJSONL.Shard()
        var unreadable = false
        for file in files {
            do {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try TriageInput.contents(ofFile: file)
                try TriageJSONL.read(data, source: file, into: &shard)
            } catch let f as InputFailure {
                Diagnostics.error("cannot read '\(TerminalSafe.escape(f.source))': \(TerminalSafe.escape(f.reason))")
                unreadable = true
            } catch {
                Diagnostics.error("cannot read '\(TerminalSafe.escape(file))': \((error as NSError).localizedDescription)")
                unreadable = true
            }
        }
        let writer = try summary.open()
        for r in Clustering.canonicalOrder(shard.reports) { writer.add(r) }
        let totals = try writer.finish(inputs: shard.inputs, bytes: shard.bytes, unreadable: shard.failures)
        throw Outcome.combine(foundReports: writer.reports > 0, unreadable: unreadable || !totals.unreadable.isEmpty)
    }
}
