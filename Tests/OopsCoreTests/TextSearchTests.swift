import Testing
@testable import OopsCore

/// The byte-wise string helpers the hot paths use instead of Unicode-aware search.
struct TextSearchTests {
    @Test func includesFindsBytesAnywhere() {
        #expect("list_add corruption. next->prev should be prev (dead000000000122)".includes("dead000000000122"))
        #expect(!"WARNING: CPU: 1".includes("KASAN"))
        #expect("abc".includes(""))
        #expect(!"ab".includes("abc"))
        #expect("→ pc+0 ldr".includes("pc+0"))                       // after a multi-byte character
        #expect("x, y".dropFirst(3).includes("y"))                  // a substring
    }

    @Test func piecesSplitOnEveryOccurrence() {
        #expect("WARNING in __iommu_dma_unmap".pieces(separatedBy: " in ") == ["WARNING", "__iommu_dma_unmap"])
        #expect("a in b in c".pieces(separatedBy: " in ") == ["a", "b", "c"])
        #expect("none here".pieces(separatedBy: " in ") == ["none here"])
        #expect("é in ü".pieces(separatedBy: " in ") == ["é", "ü"])
        #expect(" in ".pieces(separatedBy: " in ") == ["", ""])
        #expect("abc".pieces(separatedBy: "") == ["abc"])
    }

    @Test func suffixFromFirstOccurrence() {
        #expect("[ 1.0] kernel BUG at x".suffix(fromFirst: "kernel BUG") == "kernel BUG at x")
        #expect("nothing".suffix(fromFirst: "BUG") == nil)
    }
}
