/// "1 frame", "2 frames", "1 crash", "3 crashes": a count with its noun, for sentences.
public func counted(_ n: Int, _ singular: String, plural: String? = nil) -> String {
    "\(n) " + (n == 1 ? singular : plural ?? singular + "s")
}
