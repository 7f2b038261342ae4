import OopsCore
import OopsParser

/// The parser as the tests of this target run it: ``ReportParser``, no decoding, no diagnosis.
enum Parsing {
    static func reports(_ text: String) -> [Report] { ReportParser.parse(text).reports }
    static func document(_ bytes: [UInt8], source: String = "<memory>") -> AnalysisDocument {
        bytes.withUnsafeBytes { ReportParser.parse($0, source: source) }
    }
}
