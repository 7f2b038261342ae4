/// A named cause with its evidence (docs/SCHEMA.md DIAGNOSIS).
public struct Diagnosis: Codable, Sendable, Equatable {
    /// `dma-iommu` for the model, `generic` for the rules every report gets.
    public var model: String
    /// A stable id from the model's catalogue (`missing-iova-cookie`) or a generic id (`null-pointer`).
    public var cause: String
    /// Calibrated on Corpus/: a value of 0.9 is right about nine times in ten.
    public var confidence: Double
    public var summary: String
    public var evidence: [Evidence]
    public var reproduced: Reproduction?
    public var fix: String?
    public var layout: LayoutRef?
    /// The catalogue entry (`FM-1`) for model diagnoses.
    public var catalogue: String?

    public init(model: String, cause: String, confidence: Double, summary: String, evidence: [Evidence],
                reproduced: Reproduction? = nil, fix: String? = nil, layout: LayoutRef? = nil, catalogue: String? = nil) {
        self.model = model
        self.cause = cause
        self.confidence = confidence
        self.summary = summary
        self.evidence = evidence
        self.reproduced = reproduced
        self.fix = fix
        self.layout = layout
        self.catalogue = catalogue
    }
}

/// What the model's path emulator did with a diagnosis' scenario, and how far the report
/// agrees with it.
public struct Reproduction: Codable, Sendable, Equatable {
    /// `reproduced`: the emulator produced the report's own observable (the faulting function
    /// and offset, or the WARN's function, file and a caller); `consistent`: the report shares
    /// less with it (a site by name, an address by its shape, no address at all).
    public enum Status: String, Codable, Sendable {
        case reproduced
        case consistent
    }

    public var status: Status
    /// `path-emulator` when the scenario was run; `catalogue` when the report was matched to a
    /// catalogue variant by its shape alone (an SMMU fault's IOVA).
    public var by: String
    public var scenario: String
    /// Frames of the emulated trace (the scenario's own driver frames excluded) found in the
    /// report in order, the faulting or WARNing frame included.
    public var matchedFrames: Int
    public var faultOffset: Hex64?
    /// The faulting function the emulator produced.
    public var function: String?
    /// The emulated call trace, innermost first, without the scenario's driver frames.
    public var trace: [String]?

    public init(status: Status, by: String, scenario: String, matchedFrames: Int, faultOffset: Hex64?,
                function: String? = nil, trace: [String]? = nil) {
        self.status = status
        self.by = by
        self.scenario = scenario
        self.matchedFrames = matchedFrames
        self.faultOffset = faultOffset
        self.function = function
        self.trace = trace
    }

    enum CodingKeys: String, CodingKey {
        case status, by, scenario, function, trace
        case matchedFrames = "matched_frames"
        case faultOffset = "fault_offset"
    }
}

/// The kernel era and lock-debug configuration whose struct layout explains the fault.
public struct LayoutRef: Codable, Sendable, Equatable {
    public var kernel: String
    public var config: [String]
    public init(kernel: String, config: [String]) { self.kernel = kernel; self.config = config }
}
