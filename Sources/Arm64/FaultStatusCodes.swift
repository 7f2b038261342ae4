/// DFSC/IFSC values (ESR ISS[5:0]) with the names Linux gives them (`fault_info[]` in
/// arch/arm64/mm/fault.c): one row per fault code, in the spirit of that table.
public struct FaultStatus: Sendable {
    public let code: UInt8
    public let name: String
    public let category: Category

    /// The family of fault the code belongs to.
    public enum Category: Sendable {
        case addressSize, translation, accessFlag, permission, externalAbort, tagCheck,
             walkExternalAbort, parity, alignment, tlbConflict, atomic, implementation, domain, unknown
    }

    /// Translation-table level the fault was found at, where the code says.
    public var level: Int? {
        switch category {
        case .addressSize, .translation, .accessFlag, .permission:
            if code == 0x29 || code == 0x2B { return -1 }
            return Int(code & 3)
        case .walkExternalAbort, .parity:
            if code == 0x18 { return nil }   // parity/ECC on the access itself
            return code & 0x7 == 0x3 ? -1 : Int(code & 3)
        default:
            return nil
        }
    }
}

/// DFSC/IFSC values of the Arm ARM (D17.2.40), one row per code, as data.
public enum FaultStatusCodes {
    public static let table: [FaultStatus] = [
        FaultStatus(code: 0x00, name: "ttbr address size fault", category: .addressSize),
        FaultStatus(code: 0x01, name: "level 1 address size fault", category: .addressSize),
        FaultStatus(code: 0x02, name: "level 2 address size fault", category: .addressSize),
        FaultStatus(code: 0x03, name: "level 3 address size fault", category: .addressSize),
        FaultStatus(code: 0x04, name: "level 0 translation fault", category: .translation),
        FaultStatus(code: 0x05, name: "level 1 translation fault", category: .translation),
        FaultStatus(code: 0x06, name: "level 2 translation fault", category: .translation),
        FaultStatus(code: 0x07, name: "level 3 translation fault", category: .translation),
        FaultStatus(code: 0x08, name: "level 0 access flag fault", category: .accessFlag),
        FaultStatus(code: 0x09, name: "level 1 access flag fault", category: .accessFlag),
        FaultStatus(code: 0x0A, name: "level 2 access flag fault", category: .accessFlag),
        FaultStatus(code: 0x0B, name: "level 3 access flag fault", category: .accessFlag),
        FaultStatus(code: 0x0C, name: "level 0 permission fault", category: .permission),
        FaultStatus(code: 0x0D, name: "level 1 permission fault", category: .permission),
        FaultStatus(code: 0x0E, name: "level 2 permission fault", category: .permission),
        FaultStatus(code: 0x0F, name: "level 3 permission fault", category: .permission),
        FaultStatus(code: 0x10, name: "synchronous external abort", category: .externalAbort),
        FaultStatus(code: 0x11, name: "synchronous tag check fault", category: .tagCheck),
        FaultStatus(code: 0x13, name: "level -1 (translation table walk)", category: .walkExternalAbort),
        FaultStatus(code: 0x14, name: "level 0 (translation table walk)", category: .walkExternalAbort),
        FaultStatus(code: 0x15, name: "level 1 (translation table walk)", category: .walkExternalAbort),
        FaultStatus(code: 0x16, name: "level 2 (translation table walk)", category: .walkExternalAbort),
        FaultStatus(code: 0x17, name: "level 3 (translation table walk)", category: .walkExternalAbort),
        FaultStatus(code: 0x18, name: "synchronous parity or ECC error", category: .parity),
        FaultStatus(code: 0x1B, name: "level -1 synchronous parity error (translation table walk)", category: .parity),
        FaultStatus(code: 0x1C, name: "level 0 synchronous parity error (translation table walk)", category: .parity),
        FaultStatus(code: 0x1D, name: "level 1 synchronous parity error (translation table walk)", category: .parity),
        FaultStatus(code: 0x1E, name: "level 2 synchronous parity error (translation table walk)", category: .parity),
        FaultStatus(code: 0x1F, name: "level 3 synchronous parity error (translation table walk)", category: .parity),
        FaultStatus(code: 0x21, name: "alignment fault", category: .alignment),
        FaultStatus(code: 0x29, name: "level -1 address size fault", category: .addressSize),
        FaultStatus(code: 0x2B, name: "level -1 translation fault", category: .translation),
        FaultStatus(code: 0x30, name: "TLB conflict abort", category: .tlbConflict),
        FaultStatus(code: 0x31, name: "Unsupported atomic hardware update fault", category: .atomic),
        FaultStatus(code: 0x34, name: "implementation fault (lockdown abort)", category: .implementation),
        FaultStatus(code: 0x35, name: "implementation fault (unsupported exclusive)", category: .implementation),
        FaultStatus(code: 0x3D, name: "section domain fault", category: .domain),
        FaultStatus(code: 0x3E, name: "page domain fault", category: .domain),
    ]

    private static let byCode: [UInt8: FaultStatus] = Dictionary(uniqueKeysWithValues: table.map { ($0.code, $0) })

    /// The code's row; reserved codes get Linux's `unknown N` name.
    public static func lookup(_ code: UInt8) -> FaultStatus {
        byCode[code] ?? FaultStatus(code: code, name: "unknown \(code)", category: .unknown)
    }
}

/// SError ISS.AET (asynchronous error type, when DFSC = 0x11).
enum SErrorTypes {
    static let names: [UInt8: String] = [0: "UC", 1: "UEU", 2: "UEO", 3: "UER", 6: "CE"]
}

/// Data/instruction abort ISS.SET (synchronous error type, with RAS and DFSC = 0x10).
enum SyncErrorTypes {
    static let names: [UInt8: String] = [0: "UER", 2: "UC", 3: "UEO"]
}
