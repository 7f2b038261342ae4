import ArgumentParser
import Oopsy
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy report FILE`: the diagnosis as Markdown to attach to a bug, or as plain text for a
/// reply on a mailing list.
struct ReportCommand: ParsableCommand, ExitZeroOption {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the diagnosis of every report in a log as Markdown for a bug tracker (or --plain for a mailing list).",
        discussion: """
        The Markdown renders on GitHub, GitLab, Bugzilla and Launchpad; the raw report is folded \
        in <details>. Nothing from the log can act in it: no HTML, no @mentions or #references, \
        no fence it can break out of, no escape sequences.

        Examples:
          oopsy report crash.log > diagnosis.md
          dmesg | oopsy report - --plain
        """
    )

    @Argument(help: "The log ('-' for standard input).", completion: .file())
    var file: String = "-"

    @Flag(help: "Plain text wrapped at 72 columns, no HTML: for a reply on a kernel mailing list.")
    var plain = false

    @Flag(help: "Show every frame of a call trace: also the kernel's own crash-reporting frames and unreliable '?' frames.")
    var full = false

    @Option(name: .shortAndLong, help: "Write to FILE instead of standard output.")
    var output: String?

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let input = InputSource(path: file)
        let fd: Int32
        do { fd = try input.open() } catch {
            Diagnostics.error(error.description)
            throw Outcome.unreadable
        }
        defer { if !input.isStdin { close(fd) } }
        var reports: [Report] = []
        do {
            let problems = try input.analyze(fd, with: Analyzer()) { reports.append($0) }
            for p in problems.prefix(20) { Diagnostics.note("\(TerminalSafe.escape(input.name)): \(p)") }
        } catch let failure as ReadFailure {
            Diagnostics.error("cannot read '\(TerminalSafe.escape(input.path))': \(failure.message)")
            throw Outcome.unreadable
        }
        let text = plain ? PlainReportRenderer().render(reports, source: input.name) : MarkdownRenderer(full: full).render(reports, source: input.name)
        let sink = try OutputTarget(path: output)
        sink.write(text)
        do { try sink.flush() } catch is Output.BrokenPipe {}
        throw reports.isEmpty ? Outcome.noReport : Outcome.reports
    }
}
