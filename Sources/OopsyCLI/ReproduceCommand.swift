import ArgumentParser
import Foundation
import KernelModel
import Oopsy
#if canImport(Glibc)
import Glibc
#endif

/// `oopsy reproduce FILE`: run the kernel lab for the scenario a report's diagnosis names, on
/// the nearest era the lab has, and put the real kernel's report beside the user's.
struct ReproduceCommand: ParsableCommand, ExitZeroOption {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Re-create a diagnosed DMA-IOMMU crash on a real Debian arm64 kernel under QEMU (the kernel lab).",
        discussion: """
        Needs the repository's lab/ (run from a checkout, or pass --lab), qemu-system-aarch64, \
        aarch64-linux-gnu-gcc, pahole and network access to deb.debian.org the first time. \
        Exits 4, saying why, when the lab cannot show the report's failure (the lab's kernels \
        are 5.10, 6.1 and 6.12: a failure the model finds only on 4.19 has no lab run) or when \
        the lab or one of its tools is missing.

        Examples:
          oopsy reproduce crash.log
          oopsy reproduce --era 6.12 Corpus/lab/6.1/null-group.log
        """
    )

    @Argument(help: "A log with a report oopsy diagnoses as a DMA-IOMMU failure.", completion: .file())
    var file: String

    @Option(help: "Lab era to run (5.10, 6.1, 6.12); default: the nearest to the report's kernel.")
    var era: String?

    @Option(help: "The lab's directory (default: lab/ of the current checkout).")
    var lab: String?

    @Option(help: "Hard time limit for the lab run, seconds.")
    var timeout: Int = 900

    static let labEras: [Era] = [.v5_10, .v6_1, .v6_12]

    @OptionGroup var exit: ExitOptions

    func run() throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            Diagnostics.error("cannot read '\(TerminalSafe.escape(file))': \((error as NSError).localizedDescription)")
            throw Outcome.unreadable
        }
        let reports = Analyzer().analyze(bytes: Array(data), source: file).reports
        guard let (report, diagnosis, labScenario) = pick(reports) else {
            Diagnostics.error(Self.whyNot(reports, in: TerminalSafe.escape(file)))
            throw Outcome.unsupported
        }
        let target = try chooseEra(report)
        let labDir = try findLab()
        try checkTools()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-reproduce-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        Diagnostics.note("running the lab: \(labScenario.name) on Debian \(target) (\(diagnosis.catalogue ?? "") \(diagnosis.cause)) …")
        let status = runLab(labDir, era: target, scenario: labScenario.name, out: out.path)
        guard status == 0 else {
            Diagnostics.error("the lab run failed (exit \(status)); see the messages above")
            throw Outcome.unreadable
        }
        let logURL = out.appendingPathComponent(target.rawValue).appendingPathComponent(labScenario.name + ".log")
        let labReports = (try? Data(contentsOf: logURL)).map { Analyzer().analyze(bytes: Array($0), source: logURL.path).reports } ?? []
        let o = Output()
        o.write(Comparison.render(user: report, userSource: file, lab: labReports, era: target, scenario: labScenario))
        try o.flush()
        throw labReports.isEmpty ? Outcome.noReport : Outcome.reports
    }

    func pick(_ reports: [Report]) -> (Report, Diagnosis, LabScenario)? {
        for r in reports {
            guard let d = r.diagnoses.first, d.model == "dma-iommu",
                  let id = Self.reproduced(d)?.scenario,
                  let lab = LabScenario.reproducing(modelScenario: id) else { continue }
            return (r, d, lab)
        }
        return nil
    }

    /// The model scenario a diagnosis was reproduced with and the era it ran on, from its
    /// `reproduced.scenario` (`FM-1/dma_map_sg on 4.19 + DEBUG_SPINLOCK`).
    static func reproduced(_ d: Diagnosis) -> (scenario: String, era: String?)? {
        guard let words = d.reproduced?.scenario.split(separator: " ").map(String.init), let scenario = words.first else { return nil }
        return (scenario, words.count > 2 && words[1] == "on" ? words[2] : nil)
    }

    /// Why no report of the file can be reproduced in the lab, in one line: no DMA-IOMMU
    /// diagnosis at all, or one whose failure the lab's kernels do not show (the model says
    /// what it predicts on them: FM-1 oopses only on 4.19, which the lab lacks).
    static func whyNot(_ reports: [Report], in file: String) -> String {
        guard let r = reports.first(where: { $0.diagnoses.first?.model == "dma-iommu" }), let d = r.diagnoses.first else {
            return "no report in '\(file)' has a DMA-IOMMU diagnosis, so there is nothing for the lab to reproduce"
        }
        let reproduced = reproduced(d)
        let id = reproduced?.scenario ?? d.catalogue ?? d.cause
        let modelEra = reproduced?.era
        let eras = labEras.map(\.rawValue).joined(separator: ", ")
        var line = "report \(r.id) of '\(file)' (\(d.cause), \(id)\(modelEra.map { " on \($0)" } ?? "")) cannot be reproduced in the lab"
        let predictions = Scenarios.scenario(id).map { sc in
            labEras.compactMap { era in PathEmulator.shared.run(sc, on: KernelProfile(era: era, distro: "debian"), memoryDebug: .none) }
        } ?? []
        if !predictions.isEmpty, predictions.allSatisfy({ if case .silent = $0.outcome { return true } else { return false } }),
           let first = predictions.first {
            if case .silent(let why) = first.outcome { line += ": its kernels are \(eras), on which the model predicts: \(why)" }
            if let modelEra, let e = Era(rawValue: modelEra), !labEras.contains(e) { line += "; the lab has no \(modelEra) kernel" }
        } else {
            line += ": no lab scenario drives \(id) (they drive \(LabScenario.all.compactMap { $0.labLimitation == nil ? $0.model : nil }.joined(separator: ", ")))"
        }
        return line
    }

    func chooseEra(_ r: Report) throws -> Era {
        if let era {
            guard let e = Era(rawValue: era), Self.labEras.contains(e) else {
                throw ValidationError("the lab has kernels for \(Self.labEras.map(\.rawValue).joined(separator: ", ")), not '\(TerminalSafe.escape(era))'")
            }
            return e
        }
        let eras = r.context?.kernel.map { Era.eras(forRelease: $0) } ?? []
        guard let wanted = eras.first else { return .v6_1 }
        return Self.labEras.min { abs($0.rank - wanted.rank) < abs($1.rank - wanted.rank) } ?? .v6_1
    }

    func findLab() throws -> String {
        var candidates: [String] = []
        if let lab { candidates.append(lab) }
        if let env = ProcessInfo.processInfo.environment["OOPSY_LAB"] { candidates.append(env) }
        var dir = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("lab").path)
            dir = dir.deletingLastPathComponent()
        }
        for c in candidates where FileManager.default.isExecutableFile(atPath: c + "/run") { return c }
        Diagnostics.error("the kernel lab (lab/run) was not found: run oopsy from its repository checkout or pass --lab DIR")
        throw Outcome.unsupported
    }

    /// Host tools the lab needs, with the Debian package that provides each.
    static let tools = [("qemu-system-aarch64", "qemu-system-arm"), ("aarch64-linux-gnu-gcc", "gcc-aarch64-linux-gnu"),
                        ("pahole", "dwarves"), ("depmod", "kmod"), ("python3", "python3"), ("apt-get", "apt")]

    func checkTools() throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        let missing = Self.tools.filter { tool in !path.contains { FileManager.default.isExecutableFile(atPath: $0 + "/" + tool.0) } }
        guard missing.isEmpty else {
            Diagnostics.error("the lab needs \(missing.map(\.0).joined(separator: ", ")): apt-get install \(missing.map(\.1).joined(separator: " "))")
            throw Outcome.unsupported
        }
    }

    /// Runs lab/run with a hard time limit; never waits for ever.
    func runLab(_ dir: String, era: Era, scenario: String, out: String) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dir + "/run")
        p.arguments = ["--era", era.rawValue, "--scenario", scenario, "--out", out, "--layouts", "no"]
        p.standardOutput = FileHandle.standardError
        do { try p.run() } catch {
            Diagnostics.error("cannot start \(dir)/run: \(error.localizedDescription)")
            return 127
        }
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        while p.isRunning {
            if Date() > deadline {
                p.terminate()
                Diagnostics.error("the lab run took more than \(timeout) s and was stopped")
                return 124
            }
            usleep(200_000)
        }
        return p.terminationStatus
    }
}

/// The user's report and the lab kernel's, field by field.
enum Comparison {
    static func render(user: Report, userSource: String, lab: [Report], era: Era, scenario: LabScenario) -> String {
        let labReport = lab.first { $0.diagnoses.first?.model == "dma-iommu" } ?? lab.first
        var s = "reproduce: \(TerminalSafe.escape(userSource)):\(user.lines.first) vs the lab's Debian \(era) kernel running '\(scenario.name)'\n\n"
        guard let l = labReport else {
            return s + "the lab kernel printed no report for this scenario on \(era)\(scenario.labLimitation.map { " (\($0))" } ?? "")\n"
        }
        func addr(_ r: Report) -> String { (r.fault?.far ?? r.fault?.address).map { Hex64($0.value & 0x00ff_ffff_ffff_ffff).description } ?? "-" }
        let rows: [(String, String, String)] = [
            ("kind", user.kind.rawValue, l.kind.rawValue),
            ("function", user.pc?.baseSymbol ?? user.site?.function ?? "-", l.pc?.baseSymbol ?? l.site?.function ?? "-"),
            ("fault address", addr(user), addr(l)),
            ("ESR class", user.fault?.esrDecoded.map { "\($0.ecName), \($0.dfscName ?? $0.ifscName ?? "")" } ?? "-",
             l.fault?.esrDecoded.map { "\($0.ecName), \($0.dfscName ?? $0.ifscName ?? "")" } ?? "-"),
            ("trace head", user.trace.prefix(3).map(\.baseSymbol).joined(separator: " ← "), l.trace.prefix(3).map(\.baseSymbol).joined(separator: " ← ")),
            ("cause", user.diagnoses.first.map { "\($0.cause)" } ?? "-", l.diagnoses.first.map { "\($0.cause)" } ?? "-"),
            ("kernel", user.context?.kernel ?? "-", l.context?.kernel ?? "-"),
        ]
        let w = max(16, rows.map { $0.1.count }.max() ?? 16)
        s += "  " + "field".padded(to: 14) + "  " + "your report".padded(to: w) + "  lab kernel\n"
        for (name, a, b) in rows {
            let mark = name == "kernel" ? " " : (a == b ? "=" : "≠")
            s += "\(mark) " + name.padded(to: 14) + "  " + TerminalSafe.escape(a).padded(to: w) + "  " + TerminalSafe.escape(b) + "\n"
        }
        let matched = rows.dropLast().filter { $0.1 == $0.2 }.count
        s += "\n\(matched) of \(rows.count - 1) fields match.\n"
        // What the model predicts for this era, against what its kernel printed: on another
        // era than the report's, the differences above are the ones the model expects.
        if let id = scenario.model, let sc = Scenarios.scenario(id),
           let r = PathEmulator.shared.run(sc, on: KernelProfile(era: era, distro: "debian"), memoryDebug: scenario.memoryDebug) {
            let predicted = LabOutcome.predicted(r), observed = LabOutcome.observed(lab)
            s += "The model predicts for Debian \(era): \(predicted); the lab kernel printed: \(TerminalSafe.escape(observed))"
                + (predicted == observed ? " (agrees).\n" : scenario.labLimitation.map { " (\($0)).\n" } ?? " (DISAGREES).\n")
        }
        return s
    }
}
