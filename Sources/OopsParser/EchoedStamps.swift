/// Recognises syslogd's or journald's wall broadcast of a console line a report already holds
/// (`Message from syslogd@host at …` or `Broadcast message from systemd-journald@host (…):`,
/// then `kernel:[  975.354827] Internal error: …`): the daemons repeat the kernel's emergency
/// lines, under their original printk stamps, to every terminal, and a capture of the console
/// and a terminal together holds both. The copy opens no report of its own. A broadcast whose
/// stamp no report line had is the only record of its crash (a terminal's paste) and still
/// opens one. Only a stamp older than a later report line's counts: a copy comes after the
/// lines that followed its original.
struct EchoedStamps {
    /// How many stamps of report lines are remembered (a few reports' worth).
    static let window = 4096
    /// Lines after a broadcast header in which its message comes (a blank line between).
    static let headerReach = 3

    private var seen = RecentWindow<UInt64>(capacity: window)
    private var latest: UInt64 = 0
    private var lastHeader = Int.min / 2

    /// Notes a broadcast header if `text` (a line's message) names the daemon at its host
    /// (`syslogd@host`, `systemd-journald@host`), wherever a mail's wrapping left the name.
    @inline(__always)
    mutating func noteHeader(_ number: Int, _ text: UnsafeRawBufferPointer) {
        var from = 0
        while let at = ByteText.firstIndex(of: UInt8(ascii: "@"), in: text, from: from) {
            let before = UnsafeRawBufferPointer(rebasing: text[..<at])
            if ByteText.hasSuffix(before, "syslogd") || ByteText.hasSuffix(before, "journald") {
                lastHeader = number
                return
            }
            from = at + 1
        }
    }

    /// Whether a report's start on `line`, stamped `time`, is a broadcast copy of a report line.
    func isEcho(_ time: UInt64, line: Int) -> Bool {
        line - lastHeader <= Self.headerReach && time < latest && seen.contains(time)
    }

    /// Notes the stamp of a line that a report reads (or opens).
    mutating func note(reportLine time: UInt64) {
        latest = max(latest, time)
        guard !seen.contains(time) else { return }
        seen.note(time)
    }
}
