import OopsCore

/// One field of an ESR as `oopsy esr` shows it, as aarch64-esr-decoder lays them out: its
/// name, its bits in ESR_ELx, its value and what the value means.
public struct ESRField: Sendable, Equatable {
    public let name: String
    public let high: Int
    public let low: Int
    public let value: UInt64
    public let meaning: String

    /// `[31:26]`, or `[24]` for one bit.
    public var bits: String { high == low ? "[\(high)]" : "[\(high):\(low)]" }
}

/// The fields of an ESR, per class: a row per field with its place (Arm ARM, ESR_EL1; the
/// kernel's arch/arm64/include/asm/esr.h), the meaning taken from the decoding.
public enum ESRFields {
    /// When a field is defined, beside always: SAS… only with ISV=1, SET only for an external
    /// abort or parity error, ISS2 flags only when set.
    enum Shown: Sendable {
        case always, withSyndrome, whenSet, externalAbort, serrorSyndrome, serrorType

        func holds(_ d: ESRDecoded, _ value: UInt64) -> Bool {
            switch self {
            case .always: return true
            case .withSyndrome: return d.isv == true
            case .whenSet: return value != 0
            case .externalAbort: return d.set != nil
            case .serrorSyndrome: return d.ids == false
            case .serrorType: return d.aet != nil
            }
        }
    }

    typealias Meaning = @Sendable (ESRDecoded, UInt64) -> String

    struct Place: Sendable {
        let name: String
        let high: Int
        let low: Int
        let shown: Shown
        let meaning: Meaning

        init(_ name: String, _ high: Int, _ low: Int, shown: Shown = .always, _ meaning: @escaping Meaning = { _, _ in "" }) {
            self.name = name
            self.high = high
            self.low = low
            self.shown = shown
            self.meaning = meaning
        }
    }

    static func flag(_ set: String, _ clear: String = "") -> Meaning { { _, v in v == 1 ? set : clear } }

    static let header = [
        Place("EC", 31, 26) { d, _ in d.ecName },
        Place("IL", 25, 25, flag("32-bit instruction", "16-bit instruction")),
        Place("ISS", 24, 0),
        Place("ISS2", 55, 32, shown: .whenSet),
    ]

    static let dataAbort = [
        // ISS2 (FEAT_LS64, FEAT_THE, FEAT_S1POE, FEAT_GCS, FEAT_MTE_PERM, FEAT_MTE_STORE_ONLY,
        // FEAT_HDBSS), each shown when set.
        Place("HDBSSF", 43, 43, shown: .whenSet, flag("HDBSS fault")),
        Place("TnD", 42, 42, shown: .whenSet, flag("tag write, not data")),
        Place("TagAccess", 41, 41, shown: .whenSet, flag("MTE tag access")),
        Place("GCS", 40, 40, shown: .whenSet, flag("Guarded Control Stack access")),
        Place("Overlay", 38, 38, shown: .whenSet, flag("permission overlay")),
        Place("DirtyBit", 37, 37, shown: .whenSet, flag("dirty state")),
        Place("Xs", 36, 32, shown: .whenSet) { _, v in "LS64 status register \(v)" },
        Place("ISV", 24, 24, flag("instruction syndrome valid", "no instruction syndrome")),
        Place("SAS", 23, 22, shown: .withSyndrome) { _, v in "\(1 << v) bytes" },
        Place("SSE", 21, 21, shown: .withSyndrome, flag("sign-extended")),
        Place("SRT", 20, 16, shown: .withSyndrome) { _, v in "register \(v)" },
        Place("SF", 15, 15, shown: .withSyndrome, flag("64-bit register", "32-bit register")),
        Place("AR", 14, 14, shown: .withSyndrome, flag("acquire/release")),
        Place("VNCR", 13, 13, shown: .whenSet, flag("VNCR_EL2 access")),
        Place("SET", 12, 11, shown: .externalAbort) { d, _ in d.set ?? "" },
        Place("FnV", 10, 10, flag("FAR not valid", "FAR valid")),
        Place("EA", 9, 9, flag("external abort")),
        Place("CM", 8, 8, flag("cache maintenance")),
        Place("S1PTW", 7, 7, flag("stage-1 page-table walk")),
        Place("WnR", 6, 6) { d, v in d.cm == true ? "set for every cache maintenance" : v == 1 ? "write" : "read" },
        Place("DFSC", 5, 0) { d, _ in d.dfscName ?? "" },
    ]

    static let instructionAbort = [
        Place("SET", 12, 11, shown: .externalAbort) { d, _ in d.set ?? "" },
        Place("FnV", 10, 10, flag("FAR not valid", "FAR valid")),
        Place("EA", 9, 9, flag("external abort")),
        Place("S1PTW", 7, 7, flag("stage-1 page-table walk")),
        Place("IFSC", 5, 0) { d, _ in d.ifscName ?? "" },
    ]

    static let brk = [Place("Comment", 15, 0) { d, _ in d.meaning ?? "" }]

    static let serror = [
        Place("IDS", 24, 24, flag("implementation-defined syndrome")),
        Place("AET", 12, 10, shown: .serrorType) { d, _ in d.aet ?? "" },
        Place("EA", 9, 9, shown: .serrorSyndrome, flag("external abort")),
        Place("DFSC", 5, 0, shown: .serrorSyndrome) { d, _ in d.dfscName ?? "" },
    ]

    static let systemRegister = [
        Place("Op0", 21, 20), Place("Op2", 19, 17), Place("Op1", 16, 14), Place("CRn", 13, 10),
        Place("Rt", 9, 5) { _, v in v == 31 ? "xzr" : "x\(v)" }, Place("CRm", 4, 1),
        Place("Direction", 0, 0, flag("read (MRS)", "write (MSR)")),
    ]

    /// The fields of `esr`, decoded as `d`, from the highest bits down as the Arm ARM lists them.
    public static func fields(_ esr: UInt64, _ d: ESRDecoded) -> [ESRField] {
        let places: [Place]
        switch ExceptionClasses.lookup(UInt8(d.ec.value)).iss {
        case .dataAbort: places = header + dataAbort
        case .instructionAbort: places = header + instructionAbort
        case .brk: places = header + brk
        case .serror: places = header + serror
        case .systemRegister: places = header + systemRegister
        case .other: places = header
        }
        return places.compactMap { p in
            let value = (esr >> UInt64(p.low)) & ((1 << UInt64(p.high - p.low + 1)) - 1)
            guard p.shown.holds(d, value) else { return nil }
            return ESRField(name: p.name, high: p.high, low: p.low, value: value, meaning: p.meaning(d, value))
        }
    }
}
