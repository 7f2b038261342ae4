import OopsCore
import Analysis

/// The parser as the tests of this target run it: no arm64 decoding, no diagnosis.
enum Parsing {
    static func analyzer() -> Analyzer {
        var o = Analyzer.Options()
        o.decode = false
        o.diagnose = false
        return Analyzer(options: o)
    }

    static func reports(_ text: String) -> [Report] { analyzer().analyze(text: text).reports }
}
