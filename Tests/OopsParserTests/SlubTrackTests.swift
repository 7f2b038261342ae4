import Foundation
import Testing
import OopsCore
@testable import OopsParser

/// SLUB's object track (`INFO: Allocated in …` / `INFO: Freed in …`, 4.x–5.x) belongs to the
/// SLUB report above it; alone (the report's head lost) it is a report that claims nothing.
struct SlubTrackTests {
    static let redzone = """
    [   14.235820][  T503] BUG kmalloc-128 (Tainted: G S O ): Left Redzone overwritten
    [   14.244189][  T503] -----------------------------------------------------------------------------
    [   14.255241][  T503] INFO: 0xffffff87caae0f7d-0xffffff87caae0f7f @offset=3965. First byte 0x2f instead of 0xcc
    [   14.265176][  T503] INFO: Allocated in kobject_get_path+0x58/0x100 age=1 cpu=0 pid=503
    [   14.273111][  T503]  kobject_get_path+0x58/0x100
    [   14.277747][  T503]  kobject_uevent_env+0x120/0x744
    [   14.282639][  T503]  device_add+0x98c/0x1028
    [   14.355177][  T503] INFO: Freed in kobject_uevent_env+0x210/0x744 age=1 cpu=4 pid=518
    [   14.363018][  T503]  do_init_module+0xac/0x494
    [   14.501185][  T503] Object ffffff87caae0f80: 76 69 63 65 73 2f 70 6c 61 74 66 6f 72 6d 2f 73  vices/platform/s
    """

    @Test func theTrackIsTheReportsObject() throws {
        let reports = Parsing.reports(Self.redzone)
        #expect(reports.count == 1)
        let r = try #require(reports.first)
        #expect(r.format == .slub)
        #expect(r.object?.allocated?.pid == 503)
        #expect(r.object?.allocated?.caller == "kobject_get_path")
        // The track line's function once, then the stack from it.
        #expect(r.object?.allocated?.frames.map(\.symbol) == ["kobject_get_path", "kobject_uevent_env", "device_add"])
        #expect(r.object?.freed?.caller == "kobject_uevent_env")
        #expect(r.object?.freed?.pid == 518)
    }

    /// 5.17 on prints the track without `INFO: `.
    @Test func theTrackWithoutInfoToo() throws {
        let text = Self.redzone.replacingOccurrences(of: "INFO: Allocated", with: "Allocated").replacingOccurrences(of: "INFO: Freed", with: "Freed")
        let r = try #require(Parsing.reports(text).first)
        #expect(r.object?.allocated?.caller == "kobject_get_path")
        #expect(r.object?.freed?.caller == "kobject_uevent_env")
    }

    @Test func aTrackAloneIsAReportOfItsOwnThatClaimsNothing() throws {
        let r = try #require(Parsing.reports("[   96.048505] INFO: Freed in fasync_free_rcu+0x14/0x20 age=57 cpu=0 pid=18338").first)
        #expect(r.format == .slubTrack)
        #expect(r.kind == .unknown)
        #expect(r.object?.freed?.caller == "fasync_free_rcu")
    }
}
