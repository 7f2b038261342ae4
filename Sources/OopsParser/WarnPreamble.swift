/// The text a `WARN(cond, fmt, …)` prints between `------------[ cut here ]------------` and
/// its `WARNING:` line (newer kernels print the message first): which check fired, in the
/// kernel's words (`Unmap of a partial large IOPTE is not allowed`). A bare `WARN_ON(cond)`
/// prints nothing there. Checks that print their finding and then BUG() put it before the
/// marker instead (FORTIFY's `detected buffer overflow in strlen`): kept for the BUG.
struct WarnPreamble {
    private var armedAt = Int.min / 2
    /// The marker's printk caller: with caller ids, only that task's lines are the message.
    private var caller: CallerID?
    private var lines: [String] = []
    /// The message's lines as read, for a WARN whose `WARNING:` line never comes (``cutHead``).
    private var raws: [KeptLine] = []

    /// The most lines a message takes, and how far after the marker the WARNING may come.
    static let maxLines = 3
    static let reach = 4

    /// Notes every line (`text`: its message, blanks skipped); cheap unless it is the marker
    /// or follows it closely.
    @inline(__always)
    mutating func note(_ number: Int, _ text: UnsafeRawBufferPointer, caller: CallerID?,
                       raw: UnsafeRawBufferPointer, messageStart: Int) {
        if let first = text.first, first == UInt8(ascii: "-"), ByteText.hasPrefix(text, "------------[ cut here ]") {
            // A finding printed just before the marker stays.
            if number - armedAt > 2 || caller != self.caller { lines.removeAll(keepingCapacity: true) }
            raws.removeAll(keepingCapacity: true)
            armedAt = number
            self.caller = caller
            return
        }
        if let first = text.first, first == UInt8(ascii: "d"), ByteText.hasPrefix(text, "detected buffer overflow in ") {
            armedAt = number
            self.caller = caller
            lines = [ByteText.string(ByteText.trimTrailingBlanks(text))]
            raws.removeAll(keepingCapacity: true)
            return
        }
        guard number - armedAt <= Self.reach, !text.isEmpty, lines.count < Self.maxLines, caller == self.caller,
              !ByteText.hasPrefix(text, "WARNING:"), !Self.interleaved(text) else { return }
        lines.append(ByteText.string(ByteText.trimTrailingBlanks(text)))
        raws.append(KeptLine(number, raw, messageStart: messageStart))
    }

    /// A WARN whose `WARNING:` line a writer cut (`cut here`, `refcount_t: underflow;
    /// use-after-free.`, then the dump's task line on `line`): the message lines, which begin its
    /// report, and the message; nil unless a marker of `caller` came just before with a message.
    mutating func cutHead(at line: Int, caller: CallerID?) -> (lines: [KeptLine], message: String)? {
        guard line - armedAt <= Self.reach, caller == self.caller, !raws.isEmpty, raws.count == lines.count else { return nil }
        defer { armedAt = Int.min / 2; raws.removeAll(keepingCapacity: true) }
        return (raws, lines.joined(separator: " "))
    }

    /// Lines another CPU's dump (or the fault injector beside it) prints, which land between the
    /// marker and the WARNING when CPUs print at once: never a WARN's message.
    static func interleaved(_ text: UnsafeRawBufferPointer) -> Bool {
        ByteText.hasPrefix(text, "Hardware name:") || ByteText.hasPrefix(text, "CPU: ") || ByteText.hasPrefix(text, "Modules linked in:")
            || ByteText.hasPrefix(text, "FAULT_INJECTION:") || ByteText.hasPrefix(text, "name fail") || ByteText.hasPrefix(text, "Call Trace")
            || ByteText.hasPrefix(text, "Call trace")
    }

    /// Whether a `cut here` marker of `caller` came just before `line`.
    func isArmed(at line: Int, caller: CallerID?) -> Bool {
        line - armedAt <= Self.reach && caller == self.caller
    }

    /// The message before the WARNING on `line`, if a marker came just before it.
    mutating func take(before line: Int, caller: CallerID?) -> String? {
        defer { armedAt = Int.min / 2 }
        guard line - armedAt <= Self.reach, !lines.isEmpty, caller == self.caller else { return nil }
        return lines.joined(separator: " ")
    }
}
