import Testing
@testable import OopsParser

struct PatternTests {
    @Test func everyPatternOfTheProjectCompiles() {
        // Touch the tables so their patterns are compiled.
        _ = ReportStarts.detector
        _ = Grammars.all
        _ = FrameSyntax.parse(UnsafeRawBufferPointer(start: nil, count: 0), scratch: MatchScratch())
        #expect(Pattern.compileFailures.filter { !$0.hasPrefix("(unclosed") } == [])
    }

    @Test func capturesAreByteRanges() {
        let p = Pattern(#"pc : (\w+)\+0x([0-9a-f]+)"#)
        let s = MatchScratch()
        let text = Array("pc : iommu_dma_map_sg+0x7c/0x2c8".utf8)
        text.withUnsafeBytes { b in
            #expect(p.matches(b, in: s))
            #expect(s.string(1, in: b) == "iommu_dma_map_sg")
            #expect(s.hex(2, in: b) == 0x7c)
            #expect(s.range(0) == 0..<26)   // "pc : iommu_dma_map_sg+0x7c"
        }
    }

    /// Anchored patterns reject a line by its first byte before PCRE2 runs: the shortcut must
    /// never refuse a line the pattern matches.
    @Test(arguments: [
        (#"x\d+ *:"#, "x29: 0", true), (#"x\d+ *:"#, "pc : x", false),
        ("[xy]z", "yz", true), ("[xy]z", "az", false),
        ("kernel", "KERNEL bug", false), ("(?i)kernel", "KERNEL bug", true),
        ("(?:a|)b", "b", true), ("(?=.*lock)", "held lock", true),
        (#"\s*ESR"#, "  ESR = 0x96000005", true),
    ])
    func anchoredStartBytesNeverRefuseAMatch(pattern: String, line: String, matches: Bool) {
        let anchored = Pattern(pattern, .anchored)
        let s = MatchScratch()
        Array(line.utf8).withUnsafeBytes { #expect(anchored.matches($0, in: s) == matches) }
        let caseless = Pattern(pattern, [.anchored, .caseless])
        Array(line.uppercased().utf8).withUnsafeBytes { b in
            Array(line.utf8).withUnsafeBytes { #expect(caseless.matches(b, in: s) == caseless.matches($0, in: s)) }
        }
    }

    @Test func aBrokenPatternNeverMatchesAndIsReported() {
        let p = Pattern("(unclosed")
        let s = MatchScratch()
        Array("unclosed".utf8).withUnsafeBytes { #expect(!p.matches($0, in: s)) }
        #expect(Pattern.compileFailures.contains { $0.hasPrefix("(unclosed") })
    }

    @Test func catastrophicBacktrackingHitsTheLimitInsteadOfHanging() {
        // (a+)+$ on a run of a's followed by another byte is exponential without a limit.
        let p = Pattern("(a+)+$")
        let s = MatchScratch(matchLimit: 10_000)
        let text = [UInt8](repeating: UInt8(ascii: "a"), count: 64) + [UInt8(ascii: "b")]
        text.withUnsafeBytes { b in
            #expect(p.match(b, in: s) == .limitExceeded)
        }
        #expect(s.limitHits == 1)
    }
}
