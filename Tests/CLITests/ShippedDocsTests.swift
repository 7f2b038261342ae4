import Foundation
import Testing

/// docs/ ships what the CLI's definitions generate (scripts/generate-docs.sh): completions
/// must equal what the binary prints now, and the man page must cover every command.
struct ShippedDocsTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionsAreCurrent(shell: String) throws {
        let r = try CLITests.run(["--generate-completion-script", shell])
        #expect(r.status == 0)
        let shipped = try String(contentsOf: CLITests.repo.appendingPathComponent("docs/completions/oopsy.\(shell)"), encoding: .utf8)
        #expect(r.stdout == shipped, "docs/completions/oopsy.\(shell) is stale: run scripts/generate-docs.sh")
    }

    /// What a user tabs through: log paths, the model's scenario ids, the eras (issue 18).
    @Test func completionsOfferFilesScenariosAndEras() throws {
        let zsh = try CLITests.run(["--generate-completion-script", "zsh"]).stdout
        #expect(zsh.contains("'*:files:_files'"))
        #expect(zsh.contains("'FM-1/dma_map_sg'") && zsh.contains("'FM-11/freed/dma_map_sg'"))
        #expect(zsh.contains("('4.19' '5.4' '5.10' '5.15' '6.1' '6.6' '6.12')"))
    }

    @Test func manPageCoversEveryCommand() throws {
        let page = try String(contentsOf: CLITests.repo.appendingPathComponent("docs/oopsy.1"), encoding: .utf8)
        // The commands as the binary's help lists them.
        let help = try CLITests.run(["--help"]).stdout
        // Command rows are indented by two spaces; their wrapped descriptions by more.
        let commands = (help.components(separatedBy: "SUBCOMMANDS:").last ?? "")
            .split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") && $0.dropFirst(2).first?.isLowercase == true }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(commands.count >= 8)
        for c in commands {
            #expect(page.contains(".It Em \(c)"), "docs/oopsy.1 lacks `\(c)`: run scripts/generate-docs.sh")
        }
    }

    /// The man page gives oopsy's own exit statuses (not the plugin's generic `.Ex -std`) and
    /// the environment it reads, as the binary behaves (issue 18).
    @Test func manPageGivesExitStatusesAndEnvironment() throws {
        let page = try String(contentsOf: CLITests.repo.appendingPathComponent("docs/oopsy.1"), encoding: .utf8)
        #expect(!page.contains(".Ex -std"), "run scripts/generate-docs.sh")
        for status in ["0", "1", "2", "3", "4"] { #expect(page.contains(".It \(status)\n")) }
        for variable in ["NO_COLOR", "COLUMNS", "OOPSY_LAB"] { #expect(page.contains(".It Ev \(variable)")) }
        // The statuses it states, as the binary gives them.
        #expect(try CLITests.run(["esr", "zz"]).status == 2)
        #expect(try CLITests.run(["/nonexistent/oopsy-man-page-check.log"]).status == 3)
        // The seed's FM-1 oopses only on 4.19, which the lab lacks: status 4, --exit-zero or not.
        let seed = CLITests.repo.appendingPathComponent("Corpus/seed/seed-clean.log").path
        #expect(try CLITests.run(["reproduce", seed]).status == 4)
        #expect(try CLITests.run(["reproduce", "--exit-zero", seed]).status == 4)
    }

    /// The man page is clean under `mandoc -T lint` (the Debian package `mandoc`, which
    /// .ci/run installs): no warning, no style message, and its examples render as blocks.
    @Test func manPageIsCleanUnderMandocLint() throws {
        let page = CLITests.repo.appendingPathComponent("docs/oopsy.1").path
        let mandoc = ["/usr/bin/mandoc", "/usr/local/bin/mandoc"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(mandoc != nil, "mandoc is not installed (apt-get install mandoc)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: mandoc!)
        p.arguments = ["-T", "lint", page]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(text.isEmpty, "mandoc -T lint docs/oopsy.1: \(text.prefix(600)) (run scripts/generate-docs.sh)")
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains(".Bd -literal -offset indent\ndmesg | oopsy\n"))
    }

    /// Every document README, the docs, the man page or `--help` names is in the repository:
    /// users have the repository, not the team's notes.
    @Test func referencedDocumentsExist() throws {
        let fm = FileManager.default
        var texts: [(String, String)] = []
        for path in ["README.md", "docs/oopsy.1", "FirstSight/README.md", "lab/README.md"] + ((try? fm.contentsOfDirectory(atPath: CLITests.repo.appendingPathComponent("docs").path)) ?? []).filter { $0.hasSuffix(".md") }.map { "docs/" + $0 } {
            if let t = try? String(contentsOf: CLITests.repo.appendingPathComponent(path), encoding: .utf8) { texts.append((path, t)) }
        }
        for command in ["analyze", "triage", "report", "merge", "replay", "esr", "model", "reproduce"] {
            texts.append(("oopsy \(command) --help", try CLITests.run([command, "--help"]).stdout))
        }
        // Every file name the repository holds (outside build folders), by its last component.
        var names = Set<String>()
        let walker = fm.enumerator(atPath: CLITests.repo.path)
        while let p = walker?.nextObject() as? String {
            if p.hasPrefix(".build") || p.hasPrefix(".git/") { walker?.skipDescendants(); continue }
            names.insert((p as NSString).lastPathComponent)
        }
        var missing: [String] = []
        for (source, text) in texts {
            var rest = Substring(text)
            while let r = rest.range(of: ".md") {
                var start = r.lowerBound
                while start > rest.startIndex {
                    let c = rest[rest.index(before: start)]
                    guard c.isLetter || c.isNumber || "_-.".contains(c) else { break }
                    start = rest.index(before: start)
                }
                let name = String(rest[start..<r.upperBound])
                let next = rest[r.upperBound...].first
                // An output file in an example (`> diagnosis.md`, `-o diagnosis.md`) is not a reference.
                let before = rest[..<start].suffix(4)
                let isOutput = before.hasSuffix("> ") || before.hasSuffix("-o ") || before.hasSuffix("\\> ")
                if name.count > 3, !isOutput, next.map({ !$0.isLetter }) ?? true, !names.contains(name) { missing.append("\(source): \(name)") }
                rest = rest[r.upperBound...]
            }
        }
        #expect(missing.isEmpty, Comment(rawValue: missing.joined(separator: "\n")))
    }
}
