import OopsCore

/// The kernel release of a stream, for reports that lost their own (a mail-wrapped or trimmed
/// `CPU: … PID:` line): the `Linux version` banner of the boot they belong to, or the release
/// an earlier report of the same boot printed. A report whose lines show no architecture (a
/// workqueue lockup, a trace without registers) takes that of the report of the same boot and
/// release that gave or shares its release: one kernel runs on one machine. A banner starts a
/// new boot: releases seen before it no longer apply. Never a default: a report before any of
/// these keeps no release.
struct StreamRelease {
    private struct Fact {
        let line: Int
        /// Empty for the end of a boot (a panic): no release after it.
        let release: String
        let source: String
        let banner: Bool
        /// The architecture the report that printed `release` showed (`.unknown` for a banner).
        var arch: Arch = .unknown
    }
    /// Newest last; a few are enough (reports are filled in input order).
    private var facts: [Fact] = []
    /// Lines where a boot began (a banner) or ended (a panic), newest last.
    private var boundaries: [Int] = []

    /// `Linux version 6.1.0-18-arm64 (…) #1 SMP …` on `line`.
    mutating func banner(_ message: UnsafeRawBufferPointer, line: Int) {
        let prefix = "Linux version ".utf8.count
        guard message.count > prefix else { return }
        let rest = UnsafeRawBufferPointer(rebasing: message[prefix...])
        let end = rest.firstIndex(where: { $0 == 0x20 || $0 == 0x09 }) ?? rest.count
        let release = ByteText.string(UnsafeRawBufferPointer(rebasing: rest[..<end]))
        guard let first = release.utf8.first, first >= 0x30 && first <= 0x39 else { return }
        add(Fact(line: line, release: release, source: "the log's Linux version banner (line \(line))", banner: true))
    }

    /// Fills `r`'s release from the stream when it has none, or learns it when it has one.
    /// A report that panicked ends its boot: what follows runs another (possibly another
    /// kernel: a mail quoting a second crash), so nothing learnt before it carries over.
    mutating func apply(to r: inout Report) {
        defer { if r.panic != nil { add(Fact(line: r.lines.last, release: "", source: "", banner: true)) } }
        if let own = r.context?.kernel {
            if r.arch == .unknown, let a = facts.last(where: { $0.line < r.lines.first && $0.release == own && $0.arch != .unknown }) {
                r.arch = a.arch
            }
            add(Fact(line: r.lines.first, release: own, source: "report \(r.id) of the same boot", banner: false, arch: r.arch))
            return
        }
        // The newest fact before the report (a banner drops the boots before it).
        guard let f = facts.last(where: { $0.line < r.lines.first }), !f.release.isEmpty else { return }
        var c = r.context ?? ExecutionContext()
        c.kernel = f.release
        c.kernelFrom = f.source
        r.context = c
        if r.arch == .unknown { r.arch = f.arch }
    }

    /// Whether nothing began or ended a boot between lines `a` and `b` (a < b).
    func sameBoot(_ a: Int, _ b: Int) -> Bool {
        !boundaries.contains { $0 > a && $0 <= b }
    }

    /// Reports held because they printed no release, filled from `r`, a later report of the
    /// same boot that printed its own (workqueue lockups and RCU stalls print no task line;
    /// the first task line of the boot may come only after them).
    func backfill(_ held: inout [Report], from r: Report) {
        guard let release = r.context?.kernel, r.context?.kernelFrom == nil else { return }
        for i in held.indices where held[i].context?.kernel == nil && sameBoot(held[i].lines.last, r.lines.first) {
            var c = held[i].context ?? ExecutionContext()
            c.kernel = release
            c.kernelFrom = "report \(r.id) of the same boot, printed after this one"
            held[i].context = c
            if held[i].arch == .unknown { held[i].arch = r.arch }
        }
    }

    /// Kept in line order (reports are learnt when they end, banners when they are read).
    private mutating func add(_ f: Fact) {
        if f.banner {
            boundaries.append(f.line)
            if boundaries.count > 64 { boundaries.removeFirst() }
        }
        if f.banner { facts.removeAll { $0.line < f.line } }
        if let b = facts.last(where: { $0.banner }), b.line > f.line { return }   // from an earlier boot
        let at = facts.lastIndex(where: { $0.line <= f.line }).map { $0 + 1 } ?? 0
        facts.insert(f, at: at)
        if facts.count > 16 { facts.removeFirst() }
    }
}
