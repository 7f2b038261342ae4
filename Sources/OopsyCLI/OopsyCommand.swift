import ArgumentParser
import Render
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy`: Linux kernel crash logs in, diagnoses out.
struct OopsyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oopsy",
        abstract: "Find, parse and diagnose Linux kernel crash reports (arm64 first, x86_64 too).",
        discussion: """
        Reads dmesg, journalctl -k, serial console captures, pstore dumps and logs pasted into \
        mails or bugs. Every report found is parsed, its arm64 state decoded, the faulting \
        instruction replayed, and the result matched against models of kernel paths.

        Examples:
          dmesg | oopsy
          journalctl -k -b -1 | oopsy --format json
          oopsy console.log other.log
          oopsy triage /var/crash/logs/
          oopsy report crash.log > diagnosis.md

        Exit status: 0 no report found, 1 at least one report, 2 usage error,
        3 an input could not be read or the output not written, 4 what was asked
        cannot be done here (reproduce without a lab kernel or scenario for it).
        With --exit-zero a completed run exits 0.
        """,
        version: OopsyVersion.string,
        subcommands: [Analyze.self, ReportCommand.self, TriageCommand.self, MergeCommand.self, ReplayCommand.self, ESRCommand.self, ModelCommand.self, ReproduceCommand.self],
        defaultSubcommand: Analyze.self
    )

    /// Runs the command line and returns the process exit code.
    static func runAndReturnExitCode() -> Int32 {
        var command: ParsableCommand?
        do {
            command = try parseAsRoot()
            try command?.run()
            return 0
        } catch let outcome as Outcome {
            if outcome.completed, (command as? ExitZeroOption)?.exit.zero == true { return 0 }
            return outcome.code
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: let ArgumentParser print them.
                print(fullMessage(for: error))
                return 0
            }
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "usage error"
            let text = message.hasPrefix("Error: ") ? String(message.dropFirst(7)) : message
            // One line, as README promises, pointing at the help of the command that refused.
            Diagnostics.error(TerminalSafe.escape(text) + " (see '\(helpCommand(CommandLine.arguments.dropFirst())) --help')")
            return Outcome.usage.code
        }
    }
}

/// The command whose help a usage error points to: `oopsy`, or the subcommand path the
/// arguments name (`oopsy model emulate`) as far as it goes.
func helpCommand<C: Collection>(_ arguments: C) -> String where C.Element == String {
    var command: ParsableCommand.Type = OopsyCommand.self
    var words = ["oopsy"]
    for word in arguments {
        guard let sub = command.configuration.subcommands.first(where: { $0._commandName == word }) else { break }
        command = sub
        words.append(word)
    }
    return words.joined(separator: " ")
}

/// How a run ended, as docs/SCHEMA.md's exit codes.
struct Outcome: Error {
    let code: Int32
    /// The command did its work (what it found, and which inputs it could not read, are in
    /// its output and on stderr): `--exit-zero` turns its status into 0. A usage error or an
    /// output that could not be written is no completed run.
    var completed = true
    static let noReport = Outcome(code: 0)
    static let reports = Outcome(code: 1)
    static let usage = Outcome(code: 2, completed: false)
    static let unreadable = Outcome(code: 3)
    /// What was asked cannot be done here: `reproduce` for a report the lab's kernels and
    /// scenarios do not cover, or without the lab or its tools. No finding: `--exit-zero`
    /// does not mask it.
    static let unsupported = Outcome(code: 4, completed: false)
    /// The output could not be written (a full disk, a file that cannot be created).
    static let outputFailed = Outcome(code: 3, completed: false)

    /// The combined outcome of several inputs: unreadable beats found beats none.
    static func combine(foundReports: Bool, unreadable: Bool) -> Outcome {
        unreadable ? .unreadable : foundReports ? .reports : .noReport
    }
}

enum OopsyVersion {
    static let string = "0.1.0"
}

/// One-line messages on stderr, never anything from a log unescaped.
enum Diagnostics {
    static func error(_ message: String) { write("oopsy: error: " + message) }
    static func note(_ message: String) { write("oopsy: " + message) }
    private static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { p in _ = Glibc.write(2, p.baseAddress, p.count) }
    }
}

/// `--exit-zero`: status 0 whenever the command ran to its end, whatever it found (for CI
/// scripts under `set -e`); usage errors and unwritable output keep their status.
struct ExitOptions: ParsableArguments {
    @Flag(name: .customLong("exit-zero"), help: "Exit 0 whenever the run completed, reports found or inputs unreadable (usage errors and unwritable output still fail).")
    var zero = false
}

/// A command that takes `--exit-zero`.
protocol ExitZeroOption {
    var exit: ExitOptions { get }
}
