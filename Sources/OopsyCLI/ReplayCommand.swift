import ArgumentParser
import Oopsy
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy replay FILE…`: per arm64 report, the code window with the faulting instruction
/// marked and what replaying it with the dumped registers did.
struct ReplayCommand: ParsableCommand, ExitZeroOption {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Disassemble the Code: window of each arm64 report and replay the faulting instruction.",
        discussion: """
        Example:
          oopsy replay crash.log
        prints, per report, the instructions around the pc with the faulting one marked and a \
        verdict such as 'reproduced: read of 8 bytes at 0x38 via x26 (0x0) + 0x38'.
        """
    )

    @Argument(help: "Log files; '-' or nothing reads standard input.", completion: .file())
    var files: [String] = []

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let out = Output()
        var options = Analyzer.Options()
        options.diagnose = false
        let analyzer = Analyzer(options: options)
        var found = false
        var unreadable = false
        for input in InputSource.from(files) {
            let fd: Int32
            do { fd = try input.open() } catch { Diagnostics.error(error.description); unreadable = true; continue }
            defer { if !input.isStdin { close(fd) } }
            do {
                _ = try input.analyze(fd, with: analyzer) { r in
                    found = true
                    out.write(ReplayText.block(r, source: input.name))
                    try out.flush()
                }
            } catch let failure as ReadFailure {
                Diagnostics.error("cannot read '\(TerminalSafe.escape(input.path))': \(failure.message)")
                unreadable = true
            } catch is Output.BrokenPipe {
                break
            }
        }
        throw Outcome.combine(foundReports: found, unreadable: unreadable)
    }
}

extension ReplayText {
    /// Title, the window, and the verdict.
    static func block(_ r: Report, source: String) -> String {
        var s = "\(TerminalSafe.escape(source)):\(r.lines.first): \(TerminalSafe.escape(r.title))\n"
        guard r.arch == .arm64 else { return s + "  not an arm64 report (\(r.arch.rawValue))\n\n" }
        let insns = r.code?.disassembly ?? []
        let width = insns.labelWidth
        for i in insns {
            s += "  \(i.faulting ? "=>" : "  ") \(i.label.padded(to: width))  \(i.text)\n"
        }
        if let why = r.code?.unavailable { s += "  code: \(TerminalSafe.escape(why))\n" }
        if let replay = r.replay { s += "  " + verdict(replay) + "\n" }
        if let o = r.replay?.baseOrigin {
            s += "  \(r.replay?.baseRegister ?? "base") came from \(o.instruction) at pc\(o.relative)" +
                 (o.sourceValue.map { " with \(o.sourceRegister ?? "?") = \($0)" } ?? "") + "\n"
        }
        return s + "\n"
    }
}
