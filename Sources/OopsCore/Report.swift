/// One kernel crash report found in an input: the vocabulary every stage of the pipeline shares
/// (docs/DESIGN.md). Each stage returns a richer copy; none reaches back. Encodes as docs/SCHEMA.md REPORT.
public struct Report: Codable, Sendable, Equatable {
    /// 1-based index within its source.
    public var id: Int
    public var lines: LineSpan
    public var arch: Arch
    public var kind: CrashKind
    /// One stable line (`Unable to handle kernel NULL pointer dereference in iommu_dma_map_sg`).
    public var title: String
    /// What triage groups by: kind + the first meaningful frames, no offsets or addresses.
    public var signature: String
    /// The report's first line as printed, prefixes stripped.
    public var message: String
    public var oops: OopsHeader?
    public var fault: Fault?
    public var context: ExecutionContext?
    public var pstate: PState?
    public var pc: Frame?
    public var lr: Frame?
    public var sp: Hex64?
    public var registers: RegisterFile?
    public var trace: [Frame]
    public var code: CodeWindow?
    public var replay: Replay?
    public var diagnoses: [Diagnosis]
    /// Text after `Kernel panic - not syncing:`.
    public var panic: String?
    /// The id in `---[ end trace … ]---`.
    public var endTrace: String?
    public var modules: [String]?
    public var truncated: Bool
    public var corrupted: Bool
    public var corruptedReason: String?
    /// The reason given to a headline that is only the tail of another report (syzkaller's
    /// corrupted titles: a bare `Fatal exception` panic); untrue once that report is known.
    public static let startMissing = "the headline is incomplete, or follows a report whose start is missing"

    // Fields beyond SCHEMA's table (allowed: "add fields freely").

    /// `file:line` of `kernel BUG at …` / `WARNING: … at file:line`.
    public var site: SourceSite?
    /// The SMMU's own words for an `iommu-fault` report.
    public var iommu: IOMMUFault?
    /// The object a KASAN or KFENCE report's bad access hit, with its allocation and free stacks.
    public var object: CheckedObject?
    /// The source the report came from; set in jsonl and triage output (docs/SCHEMA.md).
    public var source: String?
    /// Things a reader should know about how the record was read (an ESR the kernel decoded
    /// differently, PAC bits stripped from an address, a frame list that restarted …).
    public var notes: [String]?
    /// The format that opened this report (a row of the parser's format table).
    public var format: ReportFormat?
    /// The same fault again within a short stretch of the log (a storm): the id of the storm's
    /// first report, which carries the same title, place and class.
    public var repeatOf: Int?
    /// An echo of an earlier report of the same boot (a panic after an oops, the oopsed task
    /// reporting again as it dies): that report's id, and why (``consequence``).
    public var consequenceOf: Int?
    /// How this report follows from ``consequenceOf``.
    public var consequence: Consequence?
    /// The report's lines as they appeared in the input (prefixes kept). Not part of the JSON
    /// contract; renderers that show the raw report use it.
    public var rawLines: [String]? = nil
    /// Where each of `rawLines`' messages begins, past its prefixes (as the parser read it):
    /// titling reads the messages without parsing the prefixes again. Not part of the JSON.
    public var rawMessageStarts: [Int]? = nil

    public init(id: Int, lines: LineSpan, arch: Arch = .unknown, kind: CrashKind = .unknown,
                title: String = "", signature: String = "", message: String) {
        self.id = id
        self.lines = lines
        self.arch = arch
        self.kind = kind
        self.title = title
        self.signature = signature
        self.message = message
        self.trace = []
        self.diagnoses = []
        self.truncated = false
        self.corrupted = false
    }

    /// Adds a note once.
    /// The record without its raw text (``rawLines``, ``rawMessageStarts``), which are not
    /// part of the JSON: what two readings of one report are compared by.
    public var withoutRawText: Report {
        var r = self
        r.rawLines = nil
        r.rawMessageStarts = nil
        return r
    }

    public mutating func note(_ text: String) {
        if notes == nil { notes = [] }
        if notes?.contains(text) == false { notes?.append(text) }
    }

    enum CodingKeys: String, CodingKey {
        case source, id, lines, arch, kind, title, signature, message, oops, fault, context, pstate
        case pc, lr, sp, registers, trace, code, replay, diagnoses, panic, modules, truncated, corrupted
        case site, iommu, object, notes, format, consequence
        case repeatOf = "repeat_of"
        case consequenceOf = "consequence_of"
        case endTrace = "end_trace"
        case corruptedReason = "corrupted_reason"
    }
}

/// Where a report sits in its input: 1-based line numbers as given, before prefix stripping.
public struct LineSpan: Codable, Sendable, Equatable {
    public var first: Int
    public var last: Int
    public init(first: Int, last: Int) { self.first = first; self.last = last }
}

/// `Internal error: Oops: 96000005 [#1] PREEMPT SMP` taken apart.
public struct OopsHeader: Codable, Sendable, Equatable {
    /// arm64: the ESR printed in the header.
    public var esr: Hex64?
    public var count: Int?
    public var flags: [String]
    /// The words between `Internal error:` and the ESR (`Oops`, `synchronous external abort`, `BRK handler`).
    public var reason: String?
    /// x86: the error code of `Oops: 0002 [#1]` / `general protection fault: 0000 [#1]`.
    public var code: Hex64?
    public init(esr: Hex64?, count: Int?, flags: [String], reason: String? = nil, code: Hex64? = nil) {
        self.esr = esr
        self.count = count
        self.flags = flags
        self.reason = reason
        self.code = code
    }
}

/// A source location printed by BUG/WARN/UBSAN, and the function the report's first line names.
public struct SourceSite: Codable, Sendable, Equatable {
    public var file: String?
    public var line: Int?
    /// The function the first line names (`WARNING: … at f.c:1 func+0x10/0x20`, `KASAN: … in func`).
    public var function: String?
    /// What a `WARN(cond, fmt)` printed between `cut here` and its `WARNING:` line: the check
    /// that fired, in the kernel's words. Absent for a bare `WARN_ON`, which prints none.
    public var message: String?
    public init(file: String?, line: Int?, function: String? = nil, message: String? = nil) {
        self.file = file
        self.line = line
        self.function = function
        self.message = message
    }
}

/// An IOMMU's report of a device access it refused (arm-smmu context/global faults, SMMUv3 events).
public struct IOMMUFault: Codable, Sendable, Equatable {
    /// The driver that printed it (`arm-smmu`, `arm-smmu-v3`).
    public var driver: String
    /// The IOMMU instance (`15000000.iommu`).
    public var instance: String?
    /// `context-fault`, `global-fault`, `unknown-stream`, `event`.
    public var type: String
    public var iova: Hex64?
    public var fsr: Hex64?
    public var fsynr: Hex64?
    public var cbfrsynra: Hex64?
    public var contextBank: Int?
    public var streamID: Hex64?
    /// SMMUv3 event id (`0x10` = F_TRANSLATION).
    public var event: Hex64?
    public var eventName: String?
    /// How many times the same fault line repeated in the report.
    public var repeats: Int

    public init(driver: String, type: String) {
        self.driver = driver
        self.type = type
        self.repeats = 1
    }

    enum CodingKeys: String, CodingKey {
        case driver, instance, type, iova, fsr, fsynr, cbfrsynra, event, repeats
        case contextBank = "cb"
        case streamID = "sid"
        case eventName = "event_name"
    }
}
