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
}
