import Testing
import OopsCore
import Render

/// The replay verdict says what the replay knows: a cache-maintenance access has no size.
struct ReplayTextTests {
    @Test func aCacheMaintenanceVerdictHasNoSize() {
        var r = Replay(status: .reproduced)
        r.address = Hex64(0xffff_ffff_8000_0000)
        r.baseRegister = "x0"
        r.baseValue = Hex64(0xffff_ffff_8000_0000)
        #expect(ReplayText.verdict(r) == "reproduced: access at 0xffffffff80000000 via x0 (0xffffffff80000000)")
        r.access = .read
        r.size = 8
        #expect(ReplayText.verdict(r).hasPrefix("reproduced: read of 8 bytes at 0xffffffff80000000"))
    }
}
