/// The architecture a report was printed by, judged from its register dump and wording.
public enum Arch: String, Codable, Sendable, CaseIterable {
    case arm64
    case x86_64
    case unknown
}
