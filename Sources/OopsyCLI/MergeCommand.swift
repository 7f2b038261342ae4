import ArgumentParser
import Foundation
import Oopsy
import Triage
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy merge FILE…`: several `triage --format jsonl` outputs → the summary one run over all
/// their inputs would give.
struct MergeCommand: ParsableCommand, ExitZeroOption {
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

    @Argument(help: "jsonl files written by 'oopsy triage --format jsonl' (or 'oopsy merge --format jsonl'); .gz, .xz, .zst and .bz2 ones are decompressed.", completion: .file())
    var files: [String]

    @OptionGroup var summary: SummaryOutputOptions

    @OptionGroup var exit: ExitOptions

    func run() throws {
        var shard = TriageJSONL.Shard()
        var unreadable = false
        var seen = ShardFingerprints()
        for file in files {
            do {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try TriageInput.contents(ofFile: file)
                // The same shard twice (a file named twice, or a copy) would count its reports twice.
                if let first = seen.insert(data, name: file) {
                    throw SameShard(first: first)
                }
                try TriageJSONL.read(data, source: file, into: &shard)
            } catch let same as SameShard {
                Diagnostics.error("'\(TerminalSafe.escape(file))' is the same shard as '\(TerminalSafe.escape(same.first))': merging it twice would count its reports twice")
                throw Outcome.usage
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

/// A shard given again (``ShardFingerprints``).
private struct SameShard: Error { let first: String }

/// The shards read so far, by content: their length and two FNV-1a hashes of their bytes
/// (128 bits: two different shards never meet), so no shard is kept in memory to compare.
struct ShardFingerprints {
    private struct Key: Hashable { let count: Int, a: UInt64, b: UInt64 }
    private var names: [Key: String] = [:]

    /// Records `data`; returns the name of an earlier shard with the same content, if any.
    mutating func insert(_ data: Data, name: String) -> String? {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x6c62_272e_07bb_0142
        data.withUnsafeBytes { for byte in $0 { a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3; b = (b &* 0x0000_0100_0000_01b3) ^ UInt64(byte) } }
        let key = Key(count: data.count, a: a, b: b)
        if let first = names[key] { return first }
        names[key] = name
        return nil
    }
}
