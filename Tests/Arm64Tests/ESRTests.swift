import Testing
import OopsCore
@testable import Arm64

/// ESR_EL1 decoding. Every expected value below is worked out from the Arm ARM's field layout
/// (EC [31:26], IL [25], ISS [24:0]; data-abort ISS: ISV 24, SAS 23:22, SSE 21, SRT 20:16,
/// SF 15, AR 14, VNCR 13, SET 12:11, FnV 10, EA 9, CM 8, S1PTW 7, WnR 6, DFSC 5:0), not read
/// back from oopsy's own output.
struct ESRTests {
    /// Exception classes Linux can print, by the names of `esr_class_str[]`.
    @Test(arguments: [
        (0x00, "Unknown/Uncategorized"), (0x01, "WFI/WFE"), (0x07, "ASIMD"), (0x09, "PAC"), (0x0D, "BTI"),
        (0x0E, "PSTATE.IL"), (0x15, "SVC (AArch64)"), (0x18, "MSR/MRS (AArch64)"), (0x19, "SVE"),
        (0x1C, "FPAC"), (0x20, "IABT (lower EL)"), (0x21, "IABT (current EL)"), (0x22, "PC Alignment"),
        (0x24, "DABT (lower EL)"), (0x25, "DABT (current EL)"), (0x26, "SP Alignment"), (0x2C, "FP (AArch64)"),
        (0x2F, "SError"), (0x31, "Breakpoint (current EL)"), (0x33, "Software Step (current EL)"),
        (0x35, "Watchpoint (current EL)"), (0x3C, "BRK (AArch64)"), (0x3F, "UNRECOGNIZED EC"),
    ])
    func classNames(ec: Int, name: String) {
        let esr = UInt64(ec) << 26 | 1 << 25
        let d = ESRDecoder.decode(esr)
        #expect(d.ec.value == UInt64(ec))
        #expect(d.ecName == name)
        #expect(d.il == 32)
    }

    /// EC 0x18: the trapped instruction comes back from its ISS fields, its register named
    /// (EL0 reading CTR_EL0 with SCTLR_EL1.UCT clear; an MSR to it has no name to give).
    @Test func aTrappedSystemRegisterAccessIsNamed() {
        #expect(ESRDecoder.decode(0x6232_c021).sysreg == "mrs x1, ctr_el0")
        #expect(ESRDecoder.decode(0x6232_c020).sysreg == "msr s3_3_c0_c0_1, x1")
        #expect(ESRDecoder.decode(0x9600_0005).sysreg == nil)
    }

    @Test func level1TranslationFaultRead() {
        let d = ESRDecoder.decode(0x96000005)
        #expect(d.ec == 0x25 && d.il == 32 && d.iss == 0x5)
        #expect(d.dfsc == 0x05 && d.dfscName == "level 1 translation fault")
        #expect(d.wnr == false && d.cm == false && d.ea == false && d.s1ptw == false && d.isv == false)
        #expect(ESRDecoder.access(d) == .read)
    }

    @Test func writeIsWnR() {
        let d = ESRDecoder.decode(0x96000045)   // bit 6 set
        #expect(d.wnr == true && d.dfsc == 0x05)
        #expect(ESRDecoder.access(d) == .write)
    }

    @Test func cacheMaintenanceReportsCMAndWnR() {
        let d = ESRDecoder.decode(0x96000147)   // CM bit 8, WnR bit 6, DFSC 0x07
        #expect(d.cm == true && d.wnr == true && d.dfscName == "level 3 translation fault")
        #expect(ESRDecoder.access(d) == nil)    // neither a read nor a write of data
    }

    @Test func synchronousExternalAbort() {
        let d = ESRDecoder.decode(0x96000210)   // EA bit 9, DFSC 0x10, SET 0
        #expect(d.ea == true && d.dfsc == 0x10 && d.dfscName == "synchronous external abort")
        #expect(d.set == "UER")
        #expect(ESRKinds.kind(for: d, faultAddress: nil) == .serror)
    }

    @Test func syndromeValidFields() {
        // ISV=1, SAS=3 (8 bytes), SRT=5, SF=1, DFSC=0x06: 0x96000000 | 1<<24 | 3<<22 | 5<<16 | 1<<15 | 6
        let d = ESRDecoder.decode(0x97c5_8006)
        #expect(d.isv == true && d.sas == 8 && d.srt == 5 && d.sf == true && d.sse == false && d.ar == false)
        #expect(d.dfscName == "level 2 translation fault")
    }

    @Test func instructionAbort() {
        let d = ESRDecoder.decode(0x86000007)   // EC 0x21, IFSC 0x07
        #expect(d.ecName == "IABT (current EL)" && d.ifsc == 0x07 && d.dfsc == nil)
        #expect(d.ifscName == "level 3 translation fault")
        #expect(ESRDecoder.access(d) == .exec)
        #expect(ESRDecoder.decode(0x8600000f).ifscName == "level 3 permission fault")
        #expect(ESRKinds.kind(for: ESRDecoder.decode(0x8600000f), faultAddress: nil) == .executeNonExecutable)
    }

    @Test func brkBug() {
        // 6.x prints the 64-bit ESR of BUG(): 00000000f2000800 = EC 0x3C, IL 1, imm 0x800.
        let d = ESRDecoder.decode(0xf200_0800)
        #expect(d.ec == 0x3C && d.comment == 0x800)
        #expect(d.meaning?.hasPrefix("BUG()") == true)
        #expect(ESRKinds.kind(for: d, faultAddress: nil) == .bug)
    }

    @Test func brkKASANAndUBSAN() {
        let kasan = ESRDecoder.decode(0xf200_0000 | 0x913)   // write (0x10) of 1<<3 bytes
        #expect(kasan.meaning == "KASAN (software tag-based) report: write of 8 bytes")
        let ubsan = ESRDecoder.decode(0xf200_0000 | 0x5503)
        #expect(ubsan.meaning == "UBSAN check failed: divrem_overflow (check type 3)")
        #expect(ESRKinds.kind(for: ubsan, faultAddress: nil) == .ubsan)
    }

    @Test func serror() {
        let old = ESRDecoder.decode(0xbf00_0000)    // "Bad mode in Error handler … code 0xbf000000": IL 1, IDS 1
        #expect(old.ecName == "SError" && old.ids == true && old.dfsc == nil)
        let ras = ESRDecoder.decode(0xbe00_0011)    // 0xbe = 1011_1110: EC 0x2F, IL 1, IDS 0; DFSC 0x11, AET 0 (UC)
        #expect(ras.il == 32)
        #expect(ras.dfsc == 0x11)
        #expect(ras.aet == "UC")
        #expect(ras.ids == false)
    }

    @Test func iss2IsKept() {
        let d = ESRDecoder.decode(0x0000_0001_9600_0004)
        #expect(d.iss2 == 0x1 && d.ec == 0x25)
    }

    @Test func agreesWithTheKernelsOwnDecoding() {
        let printed = [KernelDecodedField(name: "ESR", value: "0x0000000096000006"),
                       KernelDecodedField(name: "EC", value: "0x25: DABT (current EL)"),
                       KernelDecodedField(name: "IL", value: "32"),
                       KernelDecodedField(name: "FSC", value: "0x06: level 2 translation fault"),
                       KernelDecodedField(name: "CM", value: "0"), KernelDecodedField(name: "WnR", value: "0")]
        let d = ESRDecoder.decode(0x96000006)
        #expect(ESRDecoder.disagreements(d, esr: 0x96000006, printed: printed) == [])
        let wrong = printed + [KernelDecodedField(name: "WnR", value: "1")]
        #expect(ESRDecoder.disagreements(d, esr: 0x96000006, printed: wrong) == ["WnR: kernel 1, decoded 0"])
    }

    @Test(arguments: [(UInt8(0x00), "ttbr address size fault"), (0x0B, "level 3 access flag fault"),
                      (0x11, "synchronous tag check fault"), (0x21, "alignment fault"), (0x2B, "level -1 translation fault"),
                      (0x30, "TLB conflict abort"), (0x35, "implementation fault (unsupported exclusive)"), (0x3F, "unknown 63")])
    func faultStatusNames(code: UInt8, name: String) {
        #expect(FaultStatusCodes.lookup(code).name == name)
    }
}

/// `oopsy esr`'s rows: each field with its bits in ESR_ELx, as aarch64-esr-decoder shows them;
/// the ISS2 flags of a data abort (FEAT_MTE_PERM's TagAccess, FEAT_GCS) where set.
struct ESRFieldTests {
    func rows(_ esr: UInt64) -> [String] {
        ESRFields.fields(esr, ESRDecoder.decode(esr)).map { "\($0.name) \($0.bits) \($0.value) \($0.meaning)" }
    }

    @Test func aDataAbortsFieldsWithTheirBits() {
        #expect(rows(0x9600_0045) == [
            "EC [31:26] 37 DABT (current EL)", "IL [25] 1 32-bit instruction", "ISS [24:0] 69 ",
            "ISV [24] 0 no instruction syndrome", "FnV [10] 0 FAR valid", "EA [9] 0 ", "CM [8] 0 ",
            "S1PTW [7] 0 ", "WnR [6] 1 write", "DFSC [5:0] 5 level 1 translation fault",
        ])
        // ISV=1: the access's size and register; a cache maintenance's WnR says nothing.
        let isv = rows(0x9340_0145)
        #expect(isv.contains("SAS [23:22] 1 2 bytes") && isv.contains("SRT [20:16] 0 register 0"))
        #expect(isv.contains("WnR [6] 1 set for every cache maintenance"))
        // ISS2: TagAccess (bit 41) and GCS (bit 40) set, the rest of ISS2 clear and not shown.
        let iss2 = rows(0x0000_0300_9600_004f)
        #expect(iss2.contains("ISS2 [55:32] 768 ") && iss2.contains("TagAccess [41] 1 MTE tag access")
                && iss2.contains("GCS [40] 1 Guarded Control Stack access"))
        #expect(!iss2.contains { $0.hasPrefix("Xs ") || $0.hasPrefix("TnD ") })
    }

    @Test func aTrappedSystemRegistersFields() {
        // mrs x1, ctr_el0 trapped: Op0 3, Op1 3, CRn 0, CRm 0, Op2 1, Rt 1, read.
        let esr: UInt64 = 0x6200_0000 | (1 << 17) | (3 << 20) | (3 << 14) | (1 << 5) | 1
        #expect(rows(esr).suffix(7) == ["Op0 [21:20] 3 ", "Op2 [19:17] 1 ", "Op1 [16:14] 3 ", "CRn [13:10] 0 ",
                                         "Rt [9:5] 1 x1", "CRm [4:1] 0 ", "Direction [0] 1 read (MRS)"])
    }
}
