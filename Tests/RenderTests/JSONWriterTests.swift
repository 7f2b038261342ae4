import Foundation
import Testing
import OopsCore
@testable import Render
import Analysis

struct JSONWriterTests {
    @Test func keysInSchemaOrderAndValidJSON() throws {
        let doc = Analyzer().analyze(text: "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010\nInternal error: Oops: 96000005 [#1] SMP\npc : foo+0x10/0x20\nCall trace:\n foo+0x10/0x20\n---[ end trace 1 ]---\n")
        let bytes = try JSONWriter(pretty: false).encode(doc.reports[0])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"id":1,"lines":{"first":1,"last":6},"arch":"#))
        // What the fast writer writes, Codable reads back into the same record.
        let decoded = try JSONDecoder().decode(Report.self, from: Data(bytes))
        #expect(decoded.withoutRawText == doc.reports[0].withoutRawText)
    }

    struct Numbers: Codable, Equatable {
        var i8: Int8 = -8, u8: UInt8 = 255, i16: Int16 = -16, u16: UInt16 = 65535
        var i32: Int32 = -32, u32: UInt32 = 4_000_000_000, i64: Int64 = Int64.min, u64: UInt64 = UInt64.max
        var u: UInt = 7, f: Float = 1.5, whole: Float = 2, d: Double = 0.25, nan: Double? = nil
    }

    @Test func everyPrimitiveIsWrittenAsCodableReadsIt() throws {
        let n = Numbers()
        let text = String(decoding: try JSONWriter().encode(n), as: UTF8.self)
        #expect(text == #"{"i8":-8,"u8":255,"i16":-16,"u16":65535,"i32":-32,"u32":4000000000,"i64":-9223372036854775808,"u64":18446744073709551615,"u":7,"f":1.5,"whole":2,"d":0.25}"#)
        #expect(try JSONDecoder().decode(Numbers.self, from: Data(text.utf8)) == n)
    }

    @Test func escapesStringsAsJSONRequires() throws {
        let s = "quote \" backslash \\ newline \n tab \t bell \u{7} esc \u{1B}[2J é"
        let text = String(decoding: try JSONWriter().encode([s]), as: UTF8.self)
        #expect(text == #"["quote \" backslash \\ newline \n tab \t bell \u0007 esc \u001b[2J é"]"#)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == [s])
    }

    @Test func prettyOutputParses() throws {
        let bytes = try JSONWriter(pretty: true).encode(["a": [1, 2], "b": [3]])
        #expect((try JSONSerialization.jsonObject(with: Data(bytes))) is [String: Any])
    }
}

struct TerminalSafeTests {
    @Test func controlBytesAreShownNotEmitted() {
        let hostile = "a\u{1B}[2J\u{1B}]0;title\u{7}b\r\u{9B}c\u{202E}d\te"
        let safe = TerminalSafe.escape(hostile)
        #expect(safe == "a\\x1b[2J\\x1b]0;title\\x07b\\x0d\\x9bc\\u{202e}d\te")
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" })
    }

    @Test func newlinesOnlyWhenAsked() {
        #expect(TerminalSafe.escape("a\nb") == "a\\x0ab")
        #expect(TerminalSafe.escape("a\nb", keepNewlines: true) == "a\nb")
    }
}
