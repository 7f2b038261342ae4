import OopsCore

/// How a model diagnosis' reproduction is named in prose, the same in every printer:
/// "reproduced" only when the emulator produced the report's own observable.
enum ReproductionText {
    /// `reproduced by the path-emulator` / `consistent with the path-emulator's scenario`.
    static func verb(_ rep: Reproduction) -> String {
        switch rep.status {
        case .reproduced: return "reproduced by the \(rep.by)"
        case .consistent: return rep.by == "catalogue" ? "consistent with the catalogue's variant" : "consistent with the \(rep.by)'s scenario"
        }
    }
}
