import Foundation
import Testing
import OopsCore
@testable import Render
import Analysis

/// A KASAN use-after-free keeps the object it hit and who allocated and freed it, and its text
/// shows them; the kernel's own reporting frames are left out of TRACE unless `--full` (a
/// public RK3588 log of 6.1: the i2c driver's devm buffer freed by a failed probe).
struct CheckedObjectTests {
    static let path = "Corpus/real/arm64/bdy-g98-rk3588-android14-wakeup-source-list-add-corruption-kasan-uaf-and-reboot-null-notes-zh-6.1.log"

    static func kasan() throws -> Report {
        let url = CascadeTests.root.appendingPathComponent(path)
        let reports = Analyzer().analyze(bytes: Array(try Data(contentsOf: url)), source: path).reports
        return try #require(reports.first { $0.kind == .kasan })
    }

    @Test func theObjectAndItsStacksAreKept() throws {
        let o = try #require(try Self.kasan().object)
        #expect(o.cache == "kmalloc-512" && o.size == 512)
        #expect(o.address == Hex64(0xffffff8106ad6800))
        #expect(o.offset == 184 && o.relation == "inside")
        #expect(o.allocated?.pid == 1 && o.freed?.pid == 1)
        #expect(o.allocated?.frames.contains { $0.symbol == "hym8563_probe" } == true)
        #expect(o.freed?.frames.contains { $0.symbol == "devres_release_group" } == true)
    }

    @Test func textShowsThemAndHidesTheReportingFrames() throws {
        let r = try Self.kasan()
        let text = TextRenderer(color: false, width: 120).render(r, source: "x.log")
        #expect(text.contains("OBJECT   kmalloc-512, 512 bytes at 0xffffff8106ad6800 · the access 184 bytes inside it"))
        #expect(text.contains("ALLOC    task 1: hym8563_probe ← i2c_device_probe ← really_probe ← __driver_probe_device …"))
        #expect(text.contains("FREED    task 1: i2c_device_probe ← really_probe ← __driver_probe_device ← driver_probe_device …"))
        #expect(text.contains("TRACE    __list_del_entry_valid+0x5c/0x11c"))
        #expect(!text.contains("kasan_report+"))
        #expect(text.contains("6 frames of the crash reporting not shown; --full shows them"))
        let full = TextRenderer(color: false, width: 120, full: true).render(r, source: "x.log")
        #expect(full.contains("TRACE    dump_backtrace+") && full.contains("kasan_report+"))
        #expect(MarkdownRenderer().render([r], source: "x.log").contains("**Freed by:** task 1: i2c\\_device\\_probe"))
        // The diagnosis says it in words, from the same record.
        let d = try #require(r.diagnoses.first)
        #expect(d.summary.hasSuffix("The access fell 184 bytes inside the object (kmalloc-512, 512 bytes); it was allocated in hym8563_probe (task 1), freed in i2c_device_probe (task 1)."))
        #expect(d.evidence.contains { $0.kind == .objectHistory })
        // JSON keeps every frame, the reporting ones marked.
        #expect(r.trace.prefix(6).allSatisfy { $0.machinery == true } && r.trace[6].machinery == nil)
    }
}
