/// How stacks look in the text of a report, as titles read them (syzbot's conventions): which
/// lines are frames, which line holds the faulting pc, and which lines open a stack.
///
/// Titles deliberately read the report's text rather than the parsed ``Report/trace``: a title
/// may take its function from a stack the record does not keep (KASAN's allocation stack, a
/// leak's `backtrace:`, lockdep's `at:` lines), and it must read every report the way the
/// dashboards people compare it with do. Used once per finished report, never per input line.
enum StackText {
    /// An address as printed before a symbol: `[<ffffffff81234567>]`, `[<0x…>]`, `[ffff…]`,
    /// `[<(ptrval)>]` (`%p` early in boot, ``FrameSyntax``).
    static let address = #"\[<?(?:(?:0x)?[0-9a-f]+|\(ptrval\))>?\]"#
    /// A function name as the title takes it: the identifier before `+0x…` or before a compiler
    /// suffix (`.isra.0`, `.cold`), so builds with other suffixes give the same name.
    static let function = #"([A-Za-z0-9_]+)[.+]"#
    /// The same, or a frame decode_stacktrace.sh rewrote, whose offset became its source
    /// location (`bio_iov_iter_get_pages (block/bio.c:1074 …)`, `… (…/io-pgtable-arm.c:?)` where
    /// the debug info has no line).
    /// powerpc64's ELFv1 prints a function's code as `.name` (`.memset+0x68/0x104`): the dot
    /// is not the name's.
    static let frameFunction = #"\.?([A-Za-z0-9_]+)(?:[.+]| \([^()\s]+:[\d?])"#

    /// A frame line: `  foo+0x1/0x2`, `[<ffff…>] foo+0x1/0x2`, `[<…>] ? [<…>] foo.isra.3+0x…`.
    /// Inlined frames of symbolized reports (`foo include/x.h:12 [inline]`) carry no offset and
    /// are not frames here: the title names the function the CPU was in.
    static let frame = Pattern(#"\s*(?:"# + address + #"\s+){0,2}"# + frameFunction, .anchored)
    /// 32-bit arm: `[<c0123456>] (callee) from [<c0123457>] (caller+0x10/0x20)`: two frames.
    static let armFrame = Pattern(#"\s*"# + address + #" \(([A-Za-z0-9_]+)[.A-Za-z0-9_]*\) from "# + address + #" \("# + function, .anchored)
    /// 32-bit arm since 5.x, without addresses: `callee from caller+0x10/0x20`.
    static let armFromFrame = Pattern(#"\s*([A-Za-z_][A-Za-z0-9_]*)[.A-Za-z0-9_]* from ([A-Za-z0-9_]+)[.A-Za-z0-9_]*\+0x[0-9a-fA-F]+/0x"#, .anchored)

    /// The line that names the faulting pc: x86 `RIP: 0010:foo+0x…` (old: `IP: [<…>] foo+0x…`,
    /// 32-bit `EIP:`), arm64 `pc : foo+0x…`, arm `PC is at foo+0x…`, powerpc `NIP:`, s390
    /// `Krnl PSW : 0704… 0000… (foo+0x…)`, 32-bit x86 before 4.x `EIP is at foo+0x…`. A user-space
    /// or unsymbolized pc (`RIP: 0033:0x7f…`, `(null)`) matches without naming a function. A
    /// name alone ends a decoded pc line whose source location a mail client wrapped onto the
    /// next line (`RIP: 0010:addrconf_add_ifaddr`, `pc : user_event_enabler_write`).
    static let pcLine = Pattern(
        #"(?:RIP: [0-9a-f]{4}:|pc : )(?![0-9a-fx]+\s*$)([A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_.]+)?\s*$|"#
            + #"(?:[RE]?IP|NIP|pc |PC is at|EIP is at|ip is at):? (?:(?:[0-9a-f]+:)?(?:"# + address + #" +){0,2}"# + frameFunction
            + #"|(?:[0-9a-f]+:)?0x[0-9a-f]+|(?:[0-9a-f]+:)?(?:"# + address + #" +)?\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\))"#
            + #"|Krnl PSW : [0-9a-f]+ [0-9a-f]+ \("# + frameFunction)

    /// Headers after which the kernel prints a call trace.
    static let callTrace = Pattern(#"Call [Tt]race:|Backtrace:"#, requiring: "race:")

    /// Lines that open a stack: a frame list that reads frames stops at the next one, and a
    /// report that prints one of them must print frames after it. (`stack backtrace:` is
    /// lockdep's, not a leak's `backtrace:`.)
    static let stackHeaderSources = [
        #"Call [Tt]race"#, #"Allocated:"#, #"Allocated by task \d+:"#, #"Freed:"#, #"Freed by task \d+:"#,
        // (`(?<=[^k] )` rather than a leading `[^k] `: an alternative that may begin with any
        // byte makes PCRE2 try the whole alternation at every position of every line.)
        // SUSE's DWARF unwinder goes on after `Leftover inexact backtrace:` with the frames it
        // could only guess (often none): the same stack, not one of its own.
        #"(?<=[^k] )(?<!inexact )backtrace(?: \(crc [0-9a-f]*\))?:"#, #"Backtrace:"#, #"Uninit was stored to memory at"#,
        // RISC-V prints its stack right after the last register line (RV32 8 digits wide).
        #"(?<=status: [0-9a-f]{16} |status: [0-9a-f]{8} )badaddr: (?:[0-9a-f]{16} cause: [0-9a-f]{16}|[0-9a-f]{8} cause: [0-9a-f]{8})"#,
    ]
    static let stackHeaders = stackHeaderSources.map { Pattern($0) }
    static let stackStart = Pattern(stackHeaderSources.joined(separator: "|"))

    /// Fault injection (`should_fail`) prints a whole stack of its own, which lands inside
    /// whatever report is being printed at the time: a frame of it means the report is mixed.
    static let faultInjectionFrame = Pattern(#"(?: "# + address + #")? should_fail(?:slab)?(?:\.[a-z0-9.]+)?\+0x"#, .anchored)

    /// Whether `line` opens a stack (``stackStart``). Every header holds an upper-case letter
    /// of `C A F B U`, or `backtrace`/`badaddr`: a byte scan rules out frame and register lines
    /// before the pattern runs (titles ask this of nearly every line of a report).
    static func opensStack(_ line: String, scratch: MatchScratch) -> Bool {
        let maybe = line.utf8.contains { $0 == 0x43 || $0 == 0x41 || $0 == 0x46 || $0 == 0x42 || $0 == 0x55 }
            || line.includes("backtrace") || line.includes("badaddr")
        return maybe && stackStart.matches(line, scratch: scratch)
    }

    /// Whether `line` is a frame of a fault-injection stack (``faultInjectionFrame``).
    static func isFaultInjection(_ line: String, scratch: MatchScratch) -> Bool {
        line.includes("should_fail") && faultInjectionFrame.matches(line, scratch: scratch)
    }

    /// Printed where a stack could not be read; counts as the stack being there.
    static let stackNotAvailable = "(stack is not available)"

    /// The function names a frame line yields (none, one, or two for the arm form).
    static func frames(in line: String, scratch: MatchScratch) -> [String] {
        // powerpc marks frames it only guessed; like x86 `? ` frames they do not count.
        if line.hasSuffix("(unreliable)") { return [] }
        if let c = frame.captures(in: line, scratch: scratch), let f = c[1] { return [f] }
        if let c = armFrame.captures(in: line, scratch: scratch) { return [c[1], c[2]].compactMap { $0 } }
        if let c = armFromFrame.captures(in: line, scratch: scratch) { return [c[1], c[2]].compactMap { $0 } }
        return []
    }

    static func isFrame(_ line: String, scratch: MatchScratch) -> Bool {
        frame.matches(line, scratch: scratch) || armFrame.matches(line, scratch: scratch) || armFromFrame.matches(line, scratch: scratch)
    }

    /// x86's guessed frame (`[<ffffffffb0640fe8>] ? dump_stack+0x40/0x50`): no culprit, but a
    /// stack is there. A kernel without frame pointers prints nothing else.
    static let guessedFrame = Pattern(#"\s*"# + address + #"\s+\? +"# + function, .anchored)

    /// Whether `line` is a frame, reliable or guessed: what a stack is made of.
    static func isAnyFrame(_ line: String, scratch: MatchScratch) -> Bool {
        isFrame(line, scratch: scratch) || line.includes("? ") && guessedFrame.matches(line, scratch: scratch)
    }
}
