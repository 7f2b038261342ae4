import ArgumentParser
import Oopsy
import Render
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy analyze` (the default): every report of every input, as text, JSON or JSON lines.
struct Analyze: ParsableCommand, ExitZeroOption {
    static let configuration = CommandConfiguration(
        abstract: "Find and diagnose every crash report in the inputs (the default command).",
        discussion: """
        Reads each FILE (or standard input for '-' or when no file is given) and prints every \
        kernel crash report found, each as soon as it ends. A log compressed with gzip, xz, \
        zstd or bzip2 is recognised by its first bytes and read through the system's tool. \
        A pstore folder (/sys/fs/pstore, or one systemd-pstore filled) is read dump by dump, \
        each dump's parts joined in order and named 'FOLDER [Oops#1]'.

        Examples:
          dmesg | oopsy
          dmesg -w | oopsy --format jsonl
          oopsy --format json crash.log > crash.json
        """
    )

    @Argument(help: "Log files (or pstore folders) to read; '-' or nothing reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var output: OutputOptions

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let sink = Output()
        let renderer = output.renderer(for: sink)
        var found = false
        var unreadable = false
        let analyzer = Analyzer(options: output.analyzerOptions)
        do {
            for input in InputSource.from(files) {
                // A pstore folder: each dump's parts joined in order, one input per dump.
                if let dumps = input.pstoreDumps() {
                    for (name, text) in dumps {
                        try renderer.begin(source: name)
                        let doc = analyzer.analyze(bytes: text, source: name)
                        for report in doc.reports {
                            found = true
                            try renderer.report(report, source: name)
                        }
                        try renderer.end(source: name, problems: doc.errors)
                    }
                    continue
                }
                let fd: Int32
                do { fd = try input.open() } catch {
                    Diagnostics.error(error.description)
                    unreadable = true
                    continue
                }
                defer { if !input.isStdin { close(fd) } }
                try renderer.begin(source: input.name)
                do {
                    let problems = try input.analyze(fd, with: analyzer) { report in
                        found = true
                        try renderer.report(report, source: input.name)
                    }
                    try renderer.end(source: input.name, problems: problems)
                    for p in problems.prefix(20) { Diagnostics.note("\(TerminalSafe.escape(input.name)): \(p)") }
                } catch let failure as ReadFailure {
                    Diagnostics.error("cannot read '\(TerminalSafe.escape(input.path))': \(failure.message)")
                    unreadable = true
                    try renderer.end(source: input.name, problems: [InputProblem(line: nil, message: failure.message)])
                }
            }
            try renderer.finish()
        } catch is Output.BrokenPipe {
            throw Outcome.combine(foundReports: found, unreadable: unreadable)
        } catch let failed as Output.WriteFailed {
            Diagnostics.error("cannot write output: \(failed.message)")
            throw Outcome.outputFailed
        }
        throw Outcome.combine(foundReports: found, unreadable: unreadable)
    }
}
