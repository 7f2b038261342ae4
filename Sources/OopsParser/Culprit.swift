import OopsCore

/// The function a report is about: found in the report's lines by a title format's
/// ``FrameStep``s, generic frames (``GenericFrames``) and the format's own plumbing skipped,
/// then chosen by its ``FramePick``.
public enum Culprit {
    /// What the steps found: for each stack group, its frames (skips applied, syscall
    /// prefixes removed) and the index of the chosen one; `complete` is false when a group had
    /// nothing to offer or fault-injection frames were mixed in.
    struct Found {
        var groups: [[String]] = []
        var chosen: [(name: String, index: Int)?] = []
        var complete = true
        var mixed = false

        /// The chosen function of group `i`, or nil.
        func function(_ i: Int) -> String? {
            guard i < chosen.count else { return nil }
            return chosen[i]?.name
        }

        /// Frames from the chosen one of the first group on: what a signature groups by.
        var meaningful: [String] {
            guard let first = groups.first, let c = chosen.first ?? nil else { return [] }
            return [c.name] + first[(c.index + 1)...]
        }
    }

    /// A step's candidate: the first group that took part (alternatives capture in turn).
    static func firstCapture(_ c: [String?]) -> String? { c.dropFirst().lazy.compactMap { $0 }.first }

    /// Runs `steps` over `lines` from `start`.
    static func find(_ steps: [FrameStep], in lines: [String], from start: Int, skip: Pattern?, pick: FramePick,
                     scratch: MatchScratch) -> Found {
        var found = Found()
        var current: [String] = []
        var stacksSeen = 0
        var at = start
        var s = 0

        func take(_ printed: String?) {
            guard let printed, !printed.isEmpty else { return }
            let name = Frame.withoutDescriptorDot(printed)
            if GenericFrames.isGeneric(name, scratch: scratch) { return }
            if let skip, skip.matches(name, scratch: scratch) { return }
            current.append(GenericFrames.strippingSyscallPrefix(name))
        }
        func closeGroup() {
            found.groups.append(current)
            current = []
        }

        steps: while s < steps.count {
            let step = steps[s]
            s += 1
            switch step {
            case .line(let pattern):
                while at < lines.count {
                    let line = lines[at]
                    at += 1
                    if StackText.isFaultInjection(line, scratch: scratch) { found.mixed = true; continue steps }
                    if let c = pattern.captures(in: line, scratch: scratch) {
                        take(firstCapture(c))
                        continue steps
                    }
                }
            case .stack:
                if stacksSeen > 0 { closeGroup() }
                stacksSeen += 1
                while at < lines.count {
                    let line = lines[at]
                    at += 1
                    if StackText.isFaultInjection(line, scratch: scratch) { found.mixed = true; continue steps }
                    if StackText.opensStack(line, scratch: scratch) { continue steps }
                    // A line step right after the stack ends it where it matches.
                    if s < steps.count, case .line(let next) = steps[s], let c = next.captures(in: line, scratch: scratch) {
                        take(firstCapture(c))
                        s += 1
                        continue steps
                    }
                    for f in StackText.frames(in: line, scratch: scratch) { take(f) }
                }
            }
        }
        closeGroup()
        for g in found.groups {
            let choice = pick.pick(g, scratch: scratch)
            found.chosen.append(choice.map { (name: $0.0, index: $0.1) })
            if choice == nil { found.complete = false }
        }
        if found.mixed { found.complete = false }
        return found
    }

    /// The parsed trace's meaningful functions (for reports no title format knows, and for the
    /// tail of signatures): the pc first for faults, compiler suffixes stripped, plumbing
    /// and `? ` frames skipped.
    /// arm64's vectors of the exceptions from EL1 that are the crash, synchronous aborts and
    /// SErrors (5.x+ and 4.x names; 4.x takes an SError it does not handle in `el1_error_invalid`).
    static let exceptionVectors: Set<String> = ["el1h_64_sync", "el1_sync", "el1h_64_error", "el1_error", "el1_error_invalid"]

    public static func meaningfulFrames(in r: Report, scratch: MatchScratch = MatchScratch()) -> [String] {
        var frames = r.trace.filter { $0.reliable }
        // A trace pasted without its headline or RIP line: below x86's exception entry, the
        // interrupted ip where one unreliable frame alone can be it (the unwinder prints saved
        // register values too, and skips the ip the RIP line printed), then the reliable frames.
        if r.format == .headless, r.pc == nil, let entry = X86Exceptions.crashEntry(in: r.trace) {
            let below = r.trace[(entry + 1)...]
            let guesses = below.prefix { !$0.reliable }
            frames = below.filter { $0.reliable }
            if guesses.count == 1, let ip = guesses.first, X86Exceptions.couldBeInterruptedIP(ip) { frames.insert(ip, at: 0) }
        }
        // A trace that shows the kernel taking the exception (a dump_stack() on the die() path,
        // a trace pasted alone): what ran before the vector is the crash handling; the crash
        // is in the frame after it.
        if let entry = frames.lastIndex(where: { Self.exceptionVectors.contains($0.baseSymbol) }), entry + 1 < frames.count {
            frames.removeFirst(entry + 1)
        }
        if let pc = r.pc, frames.first?.baseSymbol != pc.baseSymbol, !pc.symbol.hasPrefix("0x"),
           r.kind.isMemoryFault || r.kind == .unknown || r.kind == .serror {
            frames.insert(pc, at: 0)
        }
        var out: [String] = []
        for f in frames {
            let s = f.baseSymbol
            if s.hasPrefix("0x") || GenericFrames.isGeneric(s, scratch: scratch) { continue }
            let name = GenericFrames.strippingSyscallPrefix(s)
            if out.last != name { out.append(name) }
        }
        return out
    }
}
