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
        each dump's parts joined in order and named 'FOLDER [Oops#1]'. A kdump crash folder \
        (/var/crash/…) is read through the log saved beside the memory dump: \
        vmcore-dmesg.txt, kdump-tools' dmesg.<stamp>, or a dmesg.txt.

        Examples:
          dmesg | oopsy
          dmesg -w | oopsy --format jsonl
          oopsy --format json crash.log > crash.json
        """
    )

    @Argument(help: "Log files (or pstore or kdump crash folders) to read; '-' or nothing reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var output: OutputOptions

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let sink = Output()
        let renderer = output.renderer(for: sink)
        var found = false
        var unreadable = false
        let analyzer = Analyzer(options: output.analyzerOptions)
        // Nothing piped in and nothing named: say what oopsy is waiting for.
        if files.isEmpty || files == ["-"], isatty(0) != 0 {
            Diagnostics.note("reading a kernel log from standard input (dmesg | oopsy, or name a file); Ctrl-D ends it")
        }
        do {
            // A kdump crash folder stands for the logs in it.
            let inputs = InputSource.from(files).flatMap { $0.kdumpLogs() ?? [$0] }
            for (i, input) in inputs.enumerated() {
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
                    // `oopsy triag logs/`: the first word was meant as a command.
                    let hint = i == 0 ? Self.commandMeant(by: input.path).map { " (did you mean 'oopsy \($0)'?)" } ?? "" : ""
                    Diagnostics.error(error.description + hint)
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

    /// The subcommand a missing file's name is a slip of (one or two letters off), if any.
    static func commandMeant(by path: String) -> String? {
        guard !path.contains("/"), !path.contains("."), path.count >= 3 else { return nil }
        let commands = OopsyCommand.configuration.subcommands.compactMap { $0.configuration.commandName }
        return commands.first { $0 != path && editDistance($0, path) <= 2 }
    }

    /// Levenshtein distance (short words only).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[y.count]
    }
}
