import OopsCore

/// The call trace a person reads: without the frames of the kernel reporting the crash
/// (``Frame/machinery``) and without the unreliable `?` guesses, unless every frame is asked
/// for (`--full`). JSON keeps every frame.
public struct TraceView {
    public let frames: [Frame]
    /// How many reporting-machinery frames were left out.
    public let machinery: Int
    /// How many unreliable frames were left out (besides those).
    public let unreliable: Int

    public init(_ trace: [Frame], full: Bool) {
        guard !full else {
            frames = trace
            machinery = 0
            unreliable = 0
            return
        }
        var kept: [Frame] = []
        var m = 0, u = 0
        for f in trace {
            if f.machinery == true { m += 1 } else if !f.reliable { u += 1 } else { kept.append(f) }
        }
        // A trace of nothing but guesses still shows them: they are all there is.
        if kept.isEmpty {
            kept = trace.filter { $0.machinery != true }
            u = 0
        }
        frames = kept
        machinery = m
        unreliable = u
    }

    /// `6 frames of the crash reporting and 3 unreliable (?) frames not shown; --full shows them`.
    public var hiddenNote: String? {
        var parts: [String] = []
        if machinery > 0 { parts.append("\(machinery) frame\(machinery == 1 ? "" : "s") of the crash reporting") }
        if unreliable > 0 { parts.append("\(unreliable) unreliable (?) frame\(unreliable == 1 ? "" : "s")") }
        guard !parts.isEmpty else { return nil }
        return parts.joined(separator: " and ") + " not shown; --full shows them"
    }
}
