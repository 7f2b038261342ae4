import ArgumentParser
import Foundation
import Oopsy
import Triage
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy triage PATH…`: many logs in, the distinct crashes out.
struct TriageCommand: ParsableCommand, ExitZeroOption {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Analyze many logs on every core and group the reports into distinct crashes.",
        discussion: """
        PATHs are files, folders (walked recursively) or '-' for standard input; .gz, .xz, .zst \
        and .bz2 files are decompressed with the system's tools. Every input is accounted for: \
        those that cannot be read are listed with the reason (exit status 3).

        Examples:
          oopsy triage /srv/ci/console-logs/
          oopsy triage --format html --output triage.html logs/
          oopsy triage --format jsonl shard1/ > shard1.jsonl
        """
    )

    @Argument(help: "Files, folders or '-' (standard input).", completion: .file())
    var paths: [String]

    @OptionGroup var summary: SummaryOutputOptions

    @Option(name: .shortAndLong, help: "Parallel jobs (default: every core).")
    var jobs: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

    @Flag(help: "No progress bar even on a terminal.")
    var quiet = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if paths.isEmpty { throw ValidationError("give at least one file or folder (or '-')") }
    }

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let (inputs, walkFailures) = InputWalker.expand(paths, jobs: jobs)
        var options = TriageRunner.Options()
        options.jobs = jobs
        options.members = summary.members
        let runner = TriageRunner(options: options)
        let writer = try summary.open()
        let bar = ProgressBar(enabled: !quiet && isatty(2) == 1)
        runner.onProgress = { p in bar.update(p) }
        let totals = runner.run(inputs, failures: walkFailures) { writer.add($0) }
        bar.finish()
        let result = try writer.finish(inputs: totals.inputs, bytes: totals.bytes, unreadable: totals.failures)
        for f in result.unreadable.prefix(50) { Diagnostics.error("cannot read '\(TerminalSafe.escape(f.source))': \(TerminalSafe.escape(f.reason))") }
        throw Outcome.combine(foundReports: totals.reports > 0, unreadable: !result.unreadable.isEmpty)
    }
}
