import Testing
import OopsCore
@testable import Arm64

/// SPSR layout (Arm ARM): N 31, Z 30, C 29, V 28, TCO 25, DIT 24, UAO 23, PAN 22, SSBS 12,
/// BTYPE 11:10, D 9, A 8, I 7, F 6, M[4] 4, M[3:0].
struct PStateTests {
    @Test func seed() {
        let p = PStateDecoder.decode(PState(raw: 0x80c00009, flags: "Nzcv daif +PAN +UAO"))
        #expect(p.n == true && p.z == false && p.c == false && p.v == false)
        #expect(p.pan == true && p.uao == true && p.daif == "daif")
        #expect(p.el == 2 && p.mode == "EL2h")   // M = 0b1001
        #expect(p.mismatches == nil)
    }

    @Test func sixOneStyleFlags() {
        let p = PStateDecoder.decode(PState(raw: 0x60000005, flags: "nZCv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--"))
        #expect(p.z == true && p.c == true && p.el == 1 && p.mode == "EL1h" && p.btypeName == "--")
        #expect(p.mismatches == nil)
    }

    @Test func masksAndBTYPE() {
        // D A I F all set (0x3c0), BTYPE=0b10 (0x800), SSBS (0x1000), TCO (1<<25), EL1t (0x4).
        let p = PStateDecoder.decode(PState(raw: 0x0200_1bc4, flags: "nzcv DAIF -PAN -UAO +TCO -DIT +SSBS BTYPE=-c"))
        #expect(p.daif == "DAIF" && p.btype == 2 && p.btypeName == "-c" && p.ssbs == true && p.tco == true)
        #expect(p.mode == "EL1t")
        #expect(p.mismatches == nil)
    }

    @Test func flagsThatDisagreeAreReported() {
        let p = PStateDecoder.decode(PState(raw: 0x60000005, flags: "NZCv daif +PAN -UAO"))
        #expect(p.mismatches == ["flags print NZCv, raw value says nZCv", "flags print +PAN, raw value has PAN=0"])
    }

    @Test func aarch32Task() {
        let p = PStateDecoder.decode(PState(raw: 0x20000010, flags: nil))
        #expect(p.mode == "AArch32 usr" && p.el == 0 && p.c == true)
    }
}
