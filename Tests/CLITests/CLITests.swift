import Foundation
import Testing

/// The `oopsy` binary as a user runs it: exit codes per SCHEMA.md, output streams, messages.
struct CLITests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary built next to the test bundle.
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("oopsy")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repo.appendingPathComponent(".build/debug/oopsy")
    }

    struct Run { let status: Int32; let stdout: String; let stderr: String }

    static func run(_ args: [String], stdin: Data? = nil) throws -> Run {
        try launch(binary, args, stdin: stdin)
    }

    /// Runs `executable` from the repository root. Its stderr goes to a file, not a pipe: a
    /// child that writes more than a pipe holds to stderr (a sanitizer's report at exit) while
    /// we wait for its stdout to end would otherwise never exit.
    static func launch(_ executable: URL, _ args: [String], environment: [String: String]? = nil, stdin: Data? = nil) throws -> Run {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        p.currentDirectoryURL = repo
        if let environment { p.environment = environment }
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-cli-stderr-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let err = try FileHandle(forWritingTo: errURL)
        let out = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try err.close()
        // FileHandle, not Data(contentsOf:): the latter leaks its buffer on an empty file
        // (FoundationEssentials, seen with --sanitize=address).
        let e = try FileHandle(forReadingFrom: errURL).readToEnd() ?? Data()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test func aReportMeansExitOne() throws {
        let r = try Self.run(["Corpus/seed/seed-quoted.log"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("iommu_dma_map_sg"))
        #expect(r.stderr.isEmpty)
    }

    @Test func noReportMeansExitZero() throws {
        let r = try Self.run([], stdin: Data("[    0.000000] Booting Linux on physical CPU 0x0\nnothing here\n".utf8))
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
    }

    @Test func aMissingFileIsExitThreeAndTheOthersAreStillRead() throws {
        let r = try Self.run(["--format", "jsonl", "no/such/file.log", "Corpus/seed/seed-clean.log"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("no/such/file.log"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stdout.contains("\"source\":\"Corpus/seed/seed-clean.log\""))
    }

    @Test func usageErrorsAreExitTwo() throws {
        #expect(try Self.run(["--no-such-option"]).status == 2)
        #expect(try Self.run(["esr", "not-hex"]).status == 2)
        #expect(try Self.run(["esr", "--decimal", "0x1ffffffffffffffff"]).status == 2)
        #expect(try Self.run(["esr", "--decimal", "18446744073709551616"]).status == 2)
    }

    /// `esr --decimal` reads decimal numbers (a 0x value stays hex); without it, digits are hex
    /// as the kernel prints them.
    @Test func esrReadsDecimalWhenAsked() throws {
        let hex = try Self.run(["esr", "96000045"])
        #expect(hex.status == 0 && hex.stdout.hasPrefix("ESR 0x96000045\n"))
        #expect(hex.stdout.contains("  DFSC   [5:0]    0x5   level 1 translation fault\n"))
        #expect(try Self.run(["esr", "--decimal", "2516582469"]).stdout == hex.stdout)
        #expect(try Self.run(["esr", "--decimal", "0x96000045"]).stdout == hex.stdout)
    }

    @Test func jsonDocumentIsValidAndFollowsTheSchema() throws {
        let r = try Self.run(["--format", "json", "Corpus/seed/seed-clean.log"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "oopsy/1")
        #expect(doc["source"] as? String == "Corpus/seed/seed-clean.log")
        let reports = try #require(doc["reports"] as? [[String: Any]])
        #expect(reports.count == 1)
        #expect((reports[0]["pc"] as? [String: Any])?["symbol"] as? String == "iommu_dma_map_sg")
        #expect(doc["errors"] is [Any])
    }

    @Test func versionAndHelp() throws {
        let v = try Self.run(["--version"])
        #expect(v.status == 0 && !v.stdout.isEmpty)
        let h = try Self.run(["--help"])
        #expect(h.status == 0 && h.stdout.contains("Exit status"))
    }

    @Test func escapeSequencesFromTheLogNeverReachTheTerminal() throws {
        let hostile = "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010\nInternal error: Oops: 96000005 [#1] SMP\nCPU: 0 PID: 1 Comm: \u{1B}[2J\u{1B}]0;pwn\u{7} Not tainted 6.1.0 #1\npc : evil\u{1B}[31m+0x10/0x20\nCall trace:\n evil+0x10/0x20\n---[ end trace 1 ]---\n"
        let r = try Self.run(["--color", "never"], stdin: Data(hostile.utf8))
        #expect(r.status == 1)
        #expect(!r.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(r.stdout.contains("\\x1b"))
    }
}
