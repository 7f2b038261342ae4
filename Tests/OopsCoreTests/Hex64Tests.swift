import Foundation
import Testing
@testable import OopsCore

struct Hex64Tests {
    @Test(arguments: [("0x38", UInt64(0x38)), ("0000000000000038", 0x38), ("ffffff80095eb4f0", 0xffffff80095eb4f0),
                      ("0XDEAD", 0xdead), ("0", 0), ("00000000000000000000000000000001", 1)])
    func parses(text: String, value: UInt64) {
        #expect(Hex64(parsing: text)?.value == value)
    }

    @Test(arguments: ["", "0x", "xyz", "1ffffffffffffffff", "12 34", "-1"])
    func rejects(text: String) {
        #expect(Hex64(parsing: text) == nil)
    }

    @Test func encodesLowerCaseWithPrefix() throws {
        let data = try JSONEncoder().encode([Hex64(0x96000005), Hex64(0)])
        #expect(String(decoding: data, as: UTF8.self) == #"["0x96000005","0x0"]"#)
        #expect(try JSONDecoder().decode([Hex64].self, from: data) == [0x96000005, 0])
    }
}

struct RegisterFileTests {
    @Test func keepsArchitecturalOrder() throws {
        var r = RegisterFile()
        for name in ["x29", "x28", "x10", "x9", "x1", "x0", "x30"] { r.set(name, 1) }
        #expect(r.ordered.map(\.name) == ["x0", "x1", "x9", "x10", "x28", "x29", "x30"])
        let json = try JSONEncoder().encode(r)
        let back = try JSONDecoder().decode(RegisterFile.self, from: json)
        #expect(back == r)
    }

    @Test func namesThatAreNotRegisters() {
        #expect(RegisterFile.armIndex("x31") == nil)
        #expect(RegisterFile.armIndex("x05") == nil)
        #expect(RegisterFile.armIndex("rax") == nil)
        #expect(RegisterFile.armIndex("x7") == 7)
    }
}
