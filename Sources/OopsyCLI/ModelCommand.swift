import Foundation
import ArgumentParser
import KernelModel
import Oopsy

/// `oopsy model …`: the DMA-IOMMU model's catalogue, emulator and layouts.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Inspect the DMA-IOMMU model: scenarios, emulated oopses, struct layouts.",
        subcommands: [List.self, Emulate.self, LayoutCommand.self, Synthesize.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the catalogue's scenarios and what each does per kernel era.",
            discussion: "Examples:\n  oopsy model list\n  oopsy model list --family FM-6 --kernel 6.1\n  oopsy model list --cause use-after-free\n  oopsy model list swiotlb")

        @Argument(help: "Show only what mentions this word (in a failure mode's title or cause, a scenario id, an outcome).")
        var word: String?
        @Option(help: "Show only this failure mode and its variants (FM-6 also lists FM-6a … FM-6d).", completion: .list(FailureModes.all.map(\.id)))
        var family: String?
        @Option(help: "Show only failure modes with this cause id.", completion: .list(Array(Set(FailureModes.all.map(\.cause))).sorted()))
        var cause: String?
        @Option(help: "Show only this kernel era.", completion: .list(Era.allCases.map(\.rawValue)))
        var kernel: String?
        @Option(help: "Wrap at N columns (default: the terminal's width, else COLUMNS, else 100).")
        var width: Int?

        func validate() throws {
            if let kernel, Era(rawValue: kernel) == nil {
                throw ValidationError("unknown era '\(TerminalSafe.escape(kernel))' (eras: \(Era.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }

        func run() throws {
            let out = Output()
            let room = TerminalWidth.columns(width)
            let eras = Era.allCases.filter { kernel == nil || $0.rawValue == kernel }
            let needle = word?.lowercased()
            var shown = 0
            for mode in FailureModes.all {
                if let family, mode.id != family, !(mode.id.hasPrefix(family) && mode.id.dropFirst(family.count).allSatisfy(\.isLetter)) { continue }
                if let cause, mode.cause != cause { continue }
                var lines: [String] = []
                let head = "\(mode.id)  \(mode.cause): \(mode.title)"
                let modeMatches = needle.map { head.lowercased().contains($0) } ?? true
                for s in Scenarios.all where s.mode == mode.id {
                    var outcomes: [String] = []
                    for era in eras {
                        guard let r = PathEmulator.shared.run(s, on: KernelProfile(era: era)) else { continue }
                        outcomes += TextWrap.lines("\(era.rawValue.padded(to: 5))  \(ModelText.outcome(r))", room: room - 6, hanging: 7).map { "      " + $0 }
                    }
                    guard modeMatches || needle.map({ n in s.id.lowercased().contains(n) || outcomes.contains { $0.lowercased().contains(n) } }) == true else { continue }
                    lines.append("    \(s.id)")
                    lines += outcomes
                }
                guard !lines.isEmpty else { continue }
                shown += 1
                out.write(TextWrap.lines(head, room: room, hanging: 6).joined(separator: "\n") + "\n" + lines.joined(separator: "\n") + "\n")
            }
            if shown == 0 { Diagnostics.note("no failure mode matches") } else { out.write("\nvariants: \(LockDebug.allCases.map(\.rawValue).joined(separator: ", ")); distro profiles: debian 5.10, 6.1, 6.12\n") }
            try out.flush()
        }
    }

    struct Emulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run one scenario on one kernel profile and print the oops it causes as kernel text.",
            discussion: """
            Examples:
              oopsy model emulate FM-1/dma_map_sg --kernel 4.19 --config debug-spinlock
              oopsy model emulate FM-2b/dma_map_page --kernel 6.1
              oopsy model emulate FM-4/iommu_map --kernel 5.10 --memory kasan
            """)

        @Argument(help: "Scenario id (see 'oopsy model list').", completion: .list(Scenarios.all.map(\.id)))
        var scenario: String
        @OptionGroup var kernel: ProfileOptions
        @Option(help: "Memory debugging: none, slub-poison, kasan (default: the scenario's first).")
        var memory: String?

        func run() throws {
            guard let s = Scenarios.scenario(scenario) else {
                throw ValidationError("unknown scenario '\(TerminalSafe.escape(scenario))'; see 'oopsy model list'")
            }
            let md = try memory.map { m -> MemoryDebug in
                guard let v = MemoryDebug(rawValue: m) else { throw ValidationError("unknown memory debugging '\(TerminalSafe.escape(m))'") }
                return v
            }
            let profile = try kernel.profile()
            guard let r = PathEmulator.shared.run(s, on: profile, memoryDebug: md) else {
                throw ValidationError("no layout measured for \(profile)")
            }
            let out = Output()
            if let text = OopsText.render(r) { out.write(text) } else { out.write("# \(s.id) on \(profile): \(ModelText.outcome(r))\n") }
            try out.flush()
        }
    }

    struct LayoutCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "layout",
            abstract: "Print a struct layout of a kernel profile.",
            discussion: "Examples:\n  oopsy model layout iommu_dma_cookie --kernel 6.6\n  oopsy model layout device --kernel 6.1 --distro debian")

        @Argument(help: "Struct name (iommu_domain, iommu_dma_cookie, iova_domain, iommu_group, device, scatterlist, dma_map_ops, …).")
        var name: String
        @OptionGroup var kernel: ProfileOptions

        func run() throws {
            let profile = try kernel.profile()
            guard let layout = LayoutStore.shared.layout(for: profile), let s = layout.structs[name] else {
                throw ValidationError("no layout of struct \(TerminalSafe.escape(name)) measured for \(profile)")
            }
            let out = Output()
            out.write("struct \(name)  (\(profile); \(s.size.map { "\($0) bytes" } ?? "size unknown"))\n")
            out.write("  source: \(layout.source)\n")
            for (field, off) in s.fields.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
                out.write("  \(("0x" + String(off, radix: 16)).padded(to: 8)) \(String(off).padded(to: 6)) \(field)\n")
            }
            try out.flush()
        }
    }

    struct Synthesize: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every emulated report (scenario × era × lock-debug variant) with its expected fields, as Corpus/synthetic holds them.",
            discussion: "Example:\n  oopsy model synthesize --output Corpus/synthetic")

        @Option(name: .shortAndLong, help: "Folder to write <era>/<config>/<scenario>.log and .expected.json into.")
        var output: String

        func run() throws {
            var written = 0
            for file in SyntheticCorpus.files() {
                let url = URL(fileURLWithPath: output).appendingPathComponent(file.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(file.log.utf8).write(to: url)
                try Data(file.expected.utf8).write(to: url.deletingPathExtension().appendingPathExtension("expected.json"))
                written += 1
            }
            let out = Output()
            out.write("wrote \(written) synthetic reports under \(TerminalSafe.escape(output))\n")
            try out.flush()
        }
    }
}

/// `--kernel`, `--config`, `--distro`: which kernel profile a model command works on.
struct ProfileOptions: ParsableArguments {
    @Option(help: "Kernel era or release (4.19, 5.4, 5.10, 5.15, 6.1, 6.6, 6.12, or e.g. 6.1.0-56-arm64).",
            completion: .list(Era.allCases.map(\.rawValue)))
    var kernel: String = "6.1"
    @Option(help: "Lock-debug variant: base, debug-spinlock, lockdep.")
    var config: String = "base"
    @Option(help: "Use a distribution's layouts measured in the lab (debian).")
    var distro: String?

    func profile() throws -> KernelProfile {
        // A release the model does not cover is said so, never emulated as the nearest era.
        if Era(rawValue: kernel) == nil {
            guard let (major, minor) = KernelRelease.version(kernel) else {
                throw ValidationError("unknown kernel '\(TerminalSafe.escape(kernel))': give an era (4.19 … 6.12) or a release (6.1.0-56-arm64)")
            }
            if (major, minor) < (4, 19) {
                throw ValidationError("the model covers kernels from 4.19 on; it has no \(major).\(minor) (its iommu-dma and DMA API differ)")
            }
        }
        guard let era = Era(rawValue: kernel) ?? Era.eras(forRelease: kernel).first else {
            throw ValidationError("unknown kernel '\(TerminalSafe.escape(kernel))'")
        }
        if Era(rawValue: kernel) == nil, let (major, minor) = KernelRelease.version(kernel), era.rawValue != "\(major).\(minor)" {
            Diagnostics.note("kernel \(TerminalSafe.escape(kernel)) is emulated as the \(era.rawValue) era, the nearest one modelled")
        }
        guard let variant = LockDebug(rawValue: config) else { throw ValidationError("unknown config '\(TerminalSafe.escape(config))'") }
        if let distro, distro != "debian" { throw ValidationError("unknown distro '\(TerminalSafe.escape(distro))' (known: debian)") }
        return KernelProfile(era: era, lockDebug: variant, distro: distro)
    }
}

/// One-line descriptions of emulation outcomes.
enum ModelText {
    static func outcome(_ r: EmulationResult) -> String {
        switch r.outcome {
        case .oops(let o):
            let what = o.fault.kind == .kasan ? "KASAN use-after-free" : o.fault.kind == .exec ? "instruction abort" : o.fault.kind == .cacheMaintenance ? "cache-maintenance fault" : o.fault.kind == .externalAbort ? "external abort" : "oops"
            return "\(what) in \(o.function) at \(Hex64(o.fault.address))\(o.fault.field.map { " (\($0))" } ?? "")"
        case .warning(let ws):
            return "WARN in " + ws.map { "\($0.function) (\($0.file))" }.joined(separator: ", then ")
        case .smmuFault(let fs):
            return "SMMU fault at iova " + fs.map { Hex64($0.iova).description }.joined(separator: ", ") + ": " + (fs.first?.reason ?? "")
        case .silent(let why):
            return "no oops: " + why
        }
    }
}
