/// Recognises a console record delivered twice. A log that merges two copies of the kernel's
/// output (netconsole and the local console written to one file, a serial capture beside the
/// journal) repeats every record with its own timestamp, the copies interleaved with a lag:
/// read as it is, the second copy's lines break into the first copy's report and open reports
/// of their own.
///
/// A copy arrives out of order: stamped earlier than a line its printer (the printk caller,
/// where the log shows callers; else the console) already printed. Such a line, identical to one
/// seen shortly before, is that line again. Lines printed in order are never taken for copies,
/// whatever they repeat: a stack dump's `? __pm_runtime_resume+0x11b/0x180` twice under one
/// stamp, a clock that is not running yet (`[    0.000000]`) or ticks in jiffies.
///
/// Only the lines of reports are remembered, so a log without reports pays nothing. A copy is
/// first recognised breaking into the report its original is still printing; from then on the
/// second copy runs on (past that report's end, the machine dead, its copy still arriving). Until
/// then, the scanner forgets the lines of a report that ended: an excerpt pasted again after it
/// is a paste of its own, as it is after lines without a timestamp (a mail's prose or blank
/// lines, a test's output), which end any copy.
struct DuplicateRecords {
    /// How many recent lines are remembered: enough for the lag between the two copies (a
    /// report's length), small enough that memory stays flat.
    static let window = 2048
    /// Lines without a timestamp in a row after which the memory is cleared.
    static let breakLines = 2

    /// A second copy of the output is running.
    private(set) var copying = false
    private var unstamped = 0
    private var recent = RecentWindow<Int>(capacity: window)
    /// The latest stamp (in microseconds) each printer printed.
    private var latest: [CallerID?: UInt64] = [:]

    /// Notes a line without a timestamp.
    mutating func noteUnstamped() {
        unstamped += 1
        if unstamped == Self.breakLines { forget() }
    }

    /// Forgets every line: what follows is no copy of them.
    mutating func forget() {
        copying = false
        guard !recent.isEmpty || !latest.isEmpty else { return }
        recent.removeAll()
        latest.removeAll(keepingCapacity: true)
    }

    /// Notes a line with a timestamp.
    @inline(__always)
    mutating func noteStamped() { unstamped = 0 }

    /// Whether `record` (a timestamped line, quote marks excluded) is a copy of a line seen
    /// within the window; if not, it is remembered. `stamp`: the timestamp's text
    /// (`1138.755735`) with the byte before it, so that `dmesg -h`'s `+` is seen; `caller`: the
    /// printk caller, where the log shows it.
    mutating func isCopy(_ record: UnsafeRawBufferPointer, stamp: UnsafeRawBufferPointer, caller: CallerID?) -> Bool {
        guard let time = Self.microseconds(stamp) else { return false }
        let outOfOrder = latest[caller].map { time < $0 } ?? false
        if !outOfOrder { latest[caller] = time }
        var h = Hasher()
        h.combine(bytes: record)
        let key = h.finalize()
        if outOfOrder && recent.contains(key) {
            copying = true
            return true
        }
        recent.note(key)
        return false
    }

    /// `seconds.micros` as microseconds; nil for another clock (`dmesg -h`'s `+0.000003`, the
    /// time since the line before; a date).
    static func microseconds(_ stamp: UnsafeRawBufferPointer) -> UInt64? {
        var seconds: UInt64 = 0, micros: UInt64 = 0, fraction = -1
        for c in stamp {
            if c == 0x20 || c == UInt8(ascii: "[") { continue }
            if c == UInt8(ascii: ".") {
                guard fraction < 0 else { return nil }
                fraction = 0
            } else if c &- 0x30 < 10 {
                if fraction < 0 {
                    seconds = seconds &* 10 &+ UInt64(c - 0x30)
                } else {
                    // printk prints six digits; a longer fraction is another clock, not read.
                    guard fraction < 6 else { return nil }
                    micros = micros * 10 + UInt64(c - 0x30)
                    fraction += 1
                }
            } else {
                return nil
            }
        }
        guard fraction == 6 else { return nil }
        return seconds &* 1_000_000 &+ micros
    }
}
