/// The general registers of a dump by name (`x0`…`x30` on arm64, `rax`… on x86). arm64
/// registers sit in fixed slots, so the JSON object comes out in architectural order
/// (x0, x1, … not x0, x1, x10) with no sorting; other names keep their print order.
public struct RegisterFile: Sendable, Equatable {
    private var arm = [UInt64?](repeating: nil, count: 31)
    private var others: [(name: String, value: UInt64)] = []

    public init() {}

    public var isEmpty: Bool { count == 0 }
    public var count: Int { arm.reduce(0) { $0 + ($1 == nil ? 0 : 1) } + others.count }

    public subscript(name: String) -> UInt64? {
        if let i = RegisterFile.armIndex(name) { return arm[i] }
        return others.first { $0.name == name }?.value
    }

    /// The value of `x<n>` (0…30).
    public func x(_ n: Int) -> UInt64? { (0...30).contains(n) ? arm[n] : nil }

    /// Sets a register; a later value for the same name replaces the earlier one.
    public mutating func set(_ name: String, _ value: UInt64) {
        if let i = RegisterFile.armIndex(name) { arm[i] = value; return }
        if let i = others.firstIndex(where: { $0.name == name }) { others[i].value = value; return }
        others.append((name, value))
    }

    /// (name, value) pairs in a canonical order: `x0 … x30`, then x86's registers in the order
    /// the kernel prints them, then any other name alphabetically. Canonical (not print order)
    /// so that a record read back from JSON, whose object keys have no order, is the same.
    public var ordered: [(name: String, value: UInt64)] {
        var out: [(name: String, value: UInt64)] = []
        for (i, v) in arm.enumerated() { if let v { out.append((RegisterFile.armNames[i], v)) } }
        let rank = RegisterFile.otherRank
        return out + others.sorted { a, b in
            let ra = rank[a.name] ?? Int.max, rb = rank[b.name] ?? Int.max
            return ra != rb ? ra < rb : a.name < b.name
        }
    }

    /// x86_64 registers in the order `__show_regs()` prints them.
    static let otherRank: [String: Int] = Dictionary(uniqueKeysWithValues: [
        "rip", "rsp", "eflags", "orig_rax", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp",
        "r08", "r09", "r10", "r11", "r12", "r13", "r14", "r15", "fs", "gs", "knlgs", "cs", "ds", "es",
        "cr0", "cr2", "cr3", "cr4", "dr0", "dr1", "dr2", "dr3", "dr6", "dr7", "pkru",
    ].enumerated().map { ($1, $0) })

    static let armNames: [String] = (0...30).map { "x\($0)" }

    /// 0…30 for `x0`…`x30`, nil otherwise.
    public static func armIndex(_ name: String) -> Int? {
        let u = Array(name.utf8)
        guard u.count >= 2, u.count <= 3, u[0] == UInt8(ascii: "x") else { return nil }
        var n = 0
        for d in u.dropFirst() {
            guard d >= 0x30 && d <= 0x39 else { return nil }
            n = n * 10 + Int(d - 0x30)
        }
        if u.count == 3 && u[1] == 0x30 { return nil }   // "x05" is not a register name
        return n <= 30 ? n : nil
    }

    public static func == (a: RegisterFile, b: RegisterFile) -> Bool {
        let x = a.ordered, y = b.ordered
        return x.map(\.name) == y.map(\.name) && x.map(\.value) == y.map(\.value)
    }
}

extension RegisterFile: Codable {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        var file = RegisterFile()
        for key in c.allKeys {
            let hex = try c.decode(Hex64.self, forKey: key)
            file.set(key.stringValue, hex.value)
        }
        self = file
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for (name, value) in ordered {
            try c.encode(Hex64(value), forKey: Key(stringValue: name))
        }
    }
}
