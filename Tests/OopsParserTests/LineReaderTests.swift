import Foundation
import Testing
@testable import OopsParser

/// Line splitting: terminators, numbering, caps; over memory and over a real descriptor.
struct LineReaderTests {
    func lines(_ bytes: [UInt8], max: Int = LineReader.defaultMaxLineLength) throws -> [(Int, String, Bool)] {
        var out: [(Int, String, Bool)] = []
        try bytes.withUnsafeBytes { raw in
            try LineSplitter.forEachLine(in: raw, maxLineLength: max) { l in
                out.append((l.number, String(decoding: l.bytes, as: UTF8.self), l.overlong))
            }
        }
        return out
    }

    @Test func terminators() throws {
        // LF, CRLF, `\n\r` serial endings, a lone CR inside a line, an empty line, no final LF.
        let got = try lines(Array("a\nb\r\nc\n\rd\re\n\nlast".utf8))
        #expect(got.map(\.0) == [1, 2, 3, 4, 4, 5, 6])
        #expect(got.map(\.1) == ["a", "b", "c", "d", "e", "", "last"])
    }

    @Test func nulAndInvalidUTF8PassThrough() throws {
        let bytes: [UInt8] = [0x61, 0x00, 0xff, 0xfe, 0x0a, 0x62]
        var raw: [[UInt8]] = []
        try bytes.withUnsafeBytes { b in
            try LineSplitter.forEachLine(in: b) { raw.append(Array($0.bytes)) }
        }
        #expect(raw == [[0x61, 0x00, 0xff, 0xfe], [0x62]])
    }

    @Test func overlongLineIsCutAndFlagged() throws {
        let long = [UInt8](repeating: 0x41, count: 10_000)
        let got = try lines(long + [0x0a] + Array("next".utf8), max: 100)
        #expect(got.count == 2)
        #expect(got[0].1.count == 100 && got[0].2)
        #expect(got[1] == (2, "next", false))
    }

    @Test func streamsAFileInSmallChunks() throws {
        let text = (1...5000).map { "[\(Double($0) / 10)] line \($0)" }.joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-lines-\(getpid()).log")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        let reader = LineReader(fileDescriptor: fd, chunkSize: 4096, maxLineLength: 256)
        var count = 0
        var last = ""
        try reader.forEachLine { l in count += 1; last = String(decoding: l.bytes, as: UTF8.self); #expect(l.number == count) }
        #expect(count == 5000)
        #expect(last == "[500.0] line 5000")
    }

    @Test func overlongLineAcrossChunks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("oopsy-long-\(getpid()).log")
        var data = Data(repeating: 0x42, count: 100_000)
        data.append(contentsOf: Array("\nshort\n".utf8))
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let fd = open(url.path, O_RDONLY)
        defer { close(fd) }
        let reader = LineReader(fileDescriptor: fd, chunkSize: 4096, maxLineLength: 1000)
        var got: [(Int, Int, Bool)] = []
        try reader.forEachLine { got.append(($0.number, $0.bytes.count, $0.overlong)) }
        #expect(got.count == 2)
        #expect(got[0] == (1, 1000, true))
        #expect(got[1] == (2, 5, false))
    }
}
