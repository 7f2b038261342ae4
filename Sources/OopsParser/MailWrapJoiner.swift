/// Re-joins kernel lines that a mail client wrapped. A log pasted into a mail and quoted
/// (`> [  8.54] WARNING: CPU: 1 PID: 32 at` / `> /usr/src/…/mdp5_kms.h:178` /
/// `> mdp5_bind+0x418/0x4e0 [msm]`) loses its line structure at the wrap column; the pieces
/// after the first carry no timestamp. A quoted, timestamped (or vendor-tagged) line is held
/// back until the next line shows whether pieces follow; a piece is a quoted line of the same
/// depth without a timestamp or tag, short and of few words (prose is not a piece), after a line long enough to have
/// been wrapped.
final class MailWrapJoiner {
    private var bytes: [UInt8] = []
    private var number = 0
    private var depth = 0
    private var pieces = 0
    /// Held from a log without timestamps: one piece of one or two words completes it.
    private var bare = false
    private(set) var holding = false
    /// The number of the line held, which a report may yet begin with.
    var heldLine: Int? { holding ? number : nil }

    /// A wrapped line is at least this long (quote and timestamp included): clients wrap at
    /// 72 to 80 columns, but at a word boundary, so a long word after it wraps early.
    static let wrappedLength = 30
    static let maxPieces = 3
    static let maxPieceWords = 8

    /// Whether `line` is a piece of the held line; if so it is appended to it.
    func join(_ line: InputLine, _ prefix: LinePrefix) -> Bool {
        // A piece after a CR shares its line's number: the console broke it, not a mail client.
        guard holding, line.number != number, prefix.quoteDepth == depth || prefix.quoteDepth == 0, prefix.timestamp == nil, !prefix.tagged,
              pieces < Self.maxPieces, bytes.count >= Self.wrappedLength, !line.overlong else { return false }
        // x86's faulting byte opening a wrapped Code line's piece (`<48> 8b 80 c8 …`) reads as
        // a log level or syslog priority: after a Code line still open, it is the piece.
        let faultingByte = Self.startsWithFaultingByte(UnsafeRawBufferPointer(rebasing: line.bytes[prefix.quoteEnd...]))
            && bytes.withUnsafeBytes { Self.isOpenCodeLine($0) }
        let start = faultingByte ? prefix.quoteEnd : prefix.messageStart
        // Unquoted, a piece is bare text: a line with any prefix (a log level, a syslog date)
        // is a line of its own.
        if prefix.quoteDepth == 0 && start > 0 { return false }
        var piece = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: line.bytes[start...]))
        // The release a task line was cut before, indented as the task line was.
        let unindented = UnsafeRawBufferPointer(rebasing: piece[ByteText.skipBlanks(piece)...])
        let release = bare && releaseOfTaskLine(unindented)
        if release { piece = unindented }
        // A bare piece completes its line at once: one or two words (a function, a release),
        // or the rest of a field list (`iova=…, fsynr=…, cb=5`).
        let fieldList = bytes.last == UInt8(ascii: ",") && piece.contains(UInt8(ascii: "="))
        // After a line the kernel always goes on from, the piece is whatever the client moved
        // (`… kernel access to` / `user memory outside uaccess routines at virtual address …`);
        // so after format=flowed's soft break (RFC 3676: a line that ends in one blank goes on),
        // where the next word would have passed the wrap column.
        let open = !bare && (bytes.withUnsafeBytes { Self.endsOpen($0) }
                             || pieces == 0 && Self.endsWithSoftBreak(bytes) && wouldPassWrapColumn(piece))
        // A client that wraps a quoted line after quoting it leaves the piece unquoted
        // (`> [  1.0] Unable to handle kernel paging request at` / `virtual address …`): taken
        // only where the kernel's line provably goes on.
        if prefix.quoteDepth != depth && !open { return false }
        let maxWords = release ? 5 : bare && !fieldList ? 2 : open ? Int.max : Self.maxPieceWords
        guard !piece.isEmpty, piece.count <= 100, Self.words(piece) <= maxWords else { return false }
        // A writer's elision (`...`, `[...]`, `…`) is a line of its own.
        if Self.isElision(piece) { return false }
        // A rule (`--------`, `========`) is a line of its own too, unless the held line is a
        // stamp alone: the kernel's own rule (KASAN's `=====…`) wrapped whole past its stamp.
        if Self.isRule(piece) && !bytes.withUnsafeBytes({ held in
            let m = LinePrefix.message(of: held)
            return ByteText.skipBlanks(m) == m.count || Self.isRule(m)
        }) { return false }
        // A record whose stamp lost its bracket (`Y   28.408033][ T1713] Call Trace:`) is a
        // line of its own, quoted or not: a stamp's `.123456]` is no wrapped text.
        if Self.holdsStampEnd(piece) { return false }
        if bare && !release && (pieces > 0 || piece.first == 0x20 || piece.first == 0x09) { return false }
        // A client wraps a line only when its next word would pass the wrap column: a line
        // that ends where the kernel's is complete and had room for the piece's first word
        // was not wrapped (a record word, then a program's `1+0 records in`).
        if !bare && pieces == 0 && !open && !wouldPassWrapColumn(piece) {
            return false
        }
        // A piece that starts with a bracket glued a wrapped timestamp, or is an old-style
        // frame (`[<ffff…>] sym`): not a continuation. A bracketed word (`[IO_PAGE_FAULT …]`) is.
        // A range (`[0x…-0x…]`) is a piece too.
        if piece.first == UInt8(ascii: "[") {
            let range = piece.count > 3 && piece[1] == UInt8(ascii: "0") && piece[2] == UInt8(ascii: "x")
            // Quoted, only after a line the kernel goes on from (`AMD-Vi: Event logged` /
            // `[IO_PAGE_FAULT …]`): quoted prose often starts a line with `[PATCH …]`.
            // A module's name after its frame (`pc : vb2_start_streaming+0xe4/0x160` /
            // `[videobuf2_common]`): the kernel prints it right after the size.
            let module = Self.endsWithFrameSize(bytes) && piece.count > 2 && piece.last == UInt8(ascii: "]")
                && piece.dropFirst().dropLast().allSatisfy { ByteText.isLetter($0) || $0 &- 0x30 < 10 || $0 == UInt8(ascii: "_") }
            // die()'s counter and flags (`… abort: 96000210` / `[#1] PREEMPT SMP`).
            let dieCounter = piece.count > 3 && piece[1] == UInt8(ascii: "#") && piece[2] &- 0x30 < 10
            guard range || module || dieCounter || (depth == 0 || open) && piece.count > 1 && ByteText.isLetter(piece[1]) else { return false }
        }
        // Wrapping split at a space the client dropped; `,iova=…` and `BTYPE=--)` style pieces
        // continue a field list and read the same with one. A client that broke a symbol after
        // an underscore (`:603 _` / `_arm_lpae_unmap+0x4a0/0x4c4`) or a hyphen (`5.7.0-rc4-` /
        // `g6ef3717-dirty`) dropped no space.
        while bytes.last == 0x20 || bytes.last == 0x09 { bytes.removeLast() }
        // …nor one that broke before a field list's comma (`fsr=0x402` / `,iova=0x…, fsynr=…`).
        if bytes.last != UInt8(ascii: "_") && bytes.last != UInt8(ascii: "-") && piece.first != UInt8(ascii: ",") { bytes.append(0x20) }
        bytes.append(contentsOf: piece)
        pieces += 1
        return true
    }

    /// Whether a line ends with a frame's size (`…+0xe4/0x160`, blanks after it allowed).
    static func endsWithFrameSize(_ line: [UInt8]) -> Bool {
        var i = line.count - 1
        while i >= 0 && (line[i] == 0x20 || line[i] == 0x09) { i -= 1 }
        let end = i
        while i >= 0 && ByteText.isHexDigit(line[i]) { i -= 1 }
        return end - i > 0 && i >= 2 && line[i] == UInt8(ascii: "x") && line[i - 1] == UInt8(ascii: "0") && line[i - 2] == UInt8(ascii: "/")
    }

    /// The release and build a task line was cut before (`CPU: 7 UID: 0 PID: 875159 Comm: …
    /// Not tainted` / `6.17.8-300.fc43.x86_64 #1 PREEMPT(lazy)`): more than the two words of
    /// other bare pieces, as 6.x prints its preemption model after the build number.
    private func releaseOfTaskLine(_ piece: UnsafeRawBufferPointer) -> Bool {
        guard let first = piece.first, first &- 0x30 < 10, Self.words(piece) <= 5,
              let space = piece.firstIndex(of: 0x20), space + 1 < piece.count, piece[space + 1] == UInt8(ascii: "#") else { return false }
        return bytes.withUnsafeBytes { held in
            let m = LinePrefix.message(of: held)
            let l = UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...])
            return ByteText.hasPrefix(l, "CPU: ") && Self.lacksReleaseAfterTaint(l)
        }
    }

    /// `<hh> ` (or `<hh>` alone): x86's mark of the faulting instruction's first byte.
    static func startsWithFaultingByte(_ l: UnsafeRawBufferPointer) -> Bool {
        l.count >= 4 && l[0] == UInt8(ascii: "<") && ByteText.isHexDigit(l[1]) && ByteText.isHexDigit(l[2]) && l[3] == UInt8(ascii: ">")
            && (l.count == 4 || l[4] == 0x20)
    }

    /// A held `Code:` line the kernel goes on from (its faulting mark not yet printed).
    private static func isOpenCodeLine(_ line: UnsafeRawBufferPointer) -> Bool {
        let m = LinePrefix.message(of: line)
        return ByteText.hasPrefix(UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...]), "Code: ") && endsOpen(message: m)
    }

    /// `.dddddd]`: the end of a printk timestamp.
    static func holdsStampEnd(_ piece: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        while i + 7 < piece.count {
            if piece[i] == UInt8(ascii: "."), piece[i + 7] == UInt8(ascii: "]"),
               (1...6).allSatisfy({ piece[i + $0] &- 0x30 < 10 }) { return true }
            i += 1
        }
        return false
    }

    /// The narrowest column mail clients wrap at: 72 (Thunderbird, git's advice for mail),
    /// 76 (quoted-printable's limit), 78 (RFC 5322's advice, Gmail).
    static let narrowestWrapColumn = 72

    /// Whether the held line, with the piece's first word after it (the blanks the client
    /// broke at included), passes the narrowest wrap column. Tabs count to the next stop of
    /// 8; UTF-8 continuation bytes not at all.
    private func wouldPassWrapColumn(_ piece: UnsafeRawBufferPointer) -> Bool {
        var column = 0
        for c in bytes where c & 0xC0 != 0x80 { column = c == 0x09 ? (column / 8 + 1) * 8 : column + 1 }
        column += 1
        var i = 0
        while i < piece.count, piece[i] == 0x20 || piece[i] == 0x09 { column += 1; i += 1 }
        while i < piece.count, piece[i] != 0x20 { column += 1; i += 1 }
        // At the column, not past it: the blank a client broke at may have been one of two
        // (`binding.  Use`), and it drops both.
        return column >= Self.narrowestWrapColumn
    }

    /// `...`, `[...]`, `[ ... ]`, `…`: what a writer puts where lines were left out; `..` too
    /// where `dots` is 2 (lockdep prints a `..` line of its own before a stack: only an
    /// unstamped one inside a timestamped report is the writer's).
    static func isElision(_ piece: UnsafeRawBufferPointer, dots least: Int = 3) -> Bool {
        var dots = 0
        for c in piece {
            if c == UInt8(ascii: ".") { dots += 1 } else if c == 0xE2 || c == 0x80 || c == 0xA6 { dots += 3 }
            else if c != 0x20 && c != UInt8(ascii: "[") && c != UInt8(ascii: "]") { return false }
        }
        return dots >= least
    }

    /// A line of one repeated `-`, `=`, `*` or `_`, eight or more: a separator.
    static func isRule(_ piece: UnsafeRawBufferPointer) -> Bool {
        let text = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: piece[ByteText.skipBlanks(piece)...]))
        guard text.count >= 8, let c = text.first, c == UInt8(ascii: "-") || c == UInt8(ascii: "=") || c == UInt8(ascii: "*") || c == UInt8(ascii: "_") else { return false }
        return text.allSatisfy { $0 == c }
    }

    /// format=flowed's soft line break: the line ends in exactly one blank (a client that
    /// flows text breaks after a space and keeps it; a kernel line rarely ends so and wide).
    static func endsWithSoftBreak<C: BidirectionalCollection>(_ line: C) -> Bool where C.Element == UInt8 {
        guard line.count >= narrowestWrapColumn - 24, line.last == 0x20 else { return false }
        return line.dropLast().last.map { $0 != 0x20 && $0 != 0x09 } ?? false
    }

    /// Whether `line` should be held to see if pieces follow.
    static func holds(_ line: InputLine, _ prefix: LinePrefix) -> Bool {
        guard !line.overlong && line.bytes.count >= wrappedLength else { return false }
        // A log without timestamps has nothing that marks a kernel record: only a headline or
        // task line the kernel never ends where this one stops waits for its piece.
        if prefix.timestamp == nil && !prefix.tagged {
            return headlineEndsOpen(UnsafeRawBufferPointer(rebasing: line.bytes[prefix.messageStart...]))
        }
        // Unquoted, other programs' lines without a timestamp (a shell's `Terminated`, a
        // fuzzer's `executing program`) follow kernel lines all the time: only a line that
        // stops where the kernel always goes on waits for a piece.
        return prefix.quoteDepth > 0 || endsOpen(message: UnsafeRawBufferPointer(rebasing: line.bytes[prefix.messageStart...]))
            || endsWithSoftBreak(line.bytes)
    }

    /// Whether a whole line (prefix included) stops where the kernel always goes on.
    static func endsOpen(_ line: UnsafeRawBufferPointer) -> Bool {
        endsOpen(message: LinePrefix.message(of: line))
    }

    /// Whether a message stops where the kernel always goes on. Last words after which its
    /// line always continues: `… dereference at` / `virtual address`, `NULL pointer` /
    /// `dereference`, `Not tainted` / `4.19.118 #1` (and `Tainted:` / its flags), `pgdp =`,
    /// `stack limit =`, `AMD-Vi: Event logged` / `[IO_PAGE_FAULT …]`; a field list's comma
    /// (`39-bit VAs,` / `pgdp=…`); a fault message (arm's `Unhandled fault: … (0x1808)` too)
    /// before its address; an arm64 `Code:` line
    /// before its `(faulting word)`. Runs on every line of a report: no allocation.
    static func endsOpen(message: UnsafeRawBufferPointer) -> Bool {
        let m = ByteText.trimTrailingBlanks(message)
        let l = UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...])
        guard let end = l.last else { return false }
        if end == UInt8(ascii: ",") { return true }
        let space = l.lastIndex(of: 0x20)
        let last = UnsafeRawBufferPointer(rebasing: l[((space ?? -1) + 1)...])
        // arm64's and x86's fault messages always end with the address: cut anywhere before
        // it (`… paging request at virtual` / `address ffffffff80000000`, x86 5.x+ `…
        // dereference, address:` / `0000000000000000`), the line goes on.
        // (`Unable to handle kernel` alone: format=flowed breaks after a blank, which is trimmed.)
        if ByteText.hasPrefix(l, "Unable to handle kernel") || ByteText.hasPrefix(l, "BUG: unable to handle ")
            || ByteText.hasPrefix(l, "BUG: kernel NULL pointer dereference, address:") || ByteText.hasPrefix(l, "Unhandled fault: ") {
            return !endsWithAddress(l, last)
        }
        // powerpc's (`BUG: Unable to handle kernel data access on write at` / `0xc04a…`): its
        // address follows `at` (an instruction fetch names none).
        if ByteText.hasPrefix(l, "BUG: Unable to handle kernel ") { return last.count == 2 && ByteText.hasPrefix(last, "at") }
        // A WARN's line always names the function after its `file:line`.
        if ByteText.hasPrefix(l, "WARNING: ") { return warningLacksFunction(l) }
        // The task line always names the release after its taint flags: cut after the flags
        // (`… Tainted: G        W` / `6.13.0-rc4 #21`), it goes on.
        if ByteText.hasPrefix(l, "CPU: ") {
            // …or cut inside the release at a hyphen (`5.7.0-rc4-` / `g6ef3717-dirty #146`).
            return lacksReleaseAfterTaint(l) || end == UInt8(ascii: "-")
        }
        // x86's die() header always ends with its `[#N]` count (`general protection fault,
        // probably for non-canonical` / `address 0xdffffc…: 0000 [#1] PREEMPT SMP KASAN`).
        if ByteText.hasPrefix(l, "general protection fault") || ByteText.hasPrefix(l, "Oops: general protection fault") {
            return !ByteText.contains(l, Self.dieCount)
        }
        // arm's and arm64's die() header too (`Internal error: BRK handler:` /
        // `00000000f2000001 [#1] PREEMPT SMP`).
        if ByteText.hasPrefix(l, "Internal error: ") { return !ByteText.contains(l, Self.dieCount) }
        // KASAN's wild-access range (`KASAN: null-ptr-deref in range` / `[0x…-0x…]`).
        if ByteText.hasPrefix(l, "KASAN: ") && ByteText.contains(l, Self.inRange) && end != UInt8(ascii: "]") { return true }
        // (x86 marks its faulting byte `<..>` and has no parentheses: its line is complete.)
        if ByteText.hasPrefix(l, "Code: ") {
            return end != UInt8(ascii: ")") && !l.contains(UInt8(ascii: "(")) && !l.contains(UInt8(ascii: "<"))
        }
        if ByteText.hasPrefix(l, "arm-smmu") && smmuFieldsCut(l) { return true }
        // x86's pc line always names the symbol after its addresses (`RIP: 0010:[<…>] [<…>]` /
        // `new_slab+0x8/0x1d3`); a register line always gives the value of its last name
        // (`RCX:` / `0000000000000004`).
        if end == UInt8(ascii: "]") && (ByteText.hasPrefix(l, "RIP: ") || ByteText.hasPrefix(l, "IP: ")) { return true }
        if end == UInt8(ascii: ":") && x86RegisterCut(l, last) { return true }
        if ByteText.hasPrefix(l, "DMAR: [") { return dmarRecordCut(l) }
        // AMD-Vi's event before its closing bracket (`… Event logged [IO_PAGE_FAULT` /
        // `domain=0x0000 address=0x1688011a0 flags=0x0070]`).
        if end != UInt8(ascii: "]") && ByteText.contains(l, Self.eventLogged) { return true }
        // decode_stacktrace.sh's location list cut before its `)` (`pc : bio_iov_iter_get_pages
        // (block/bio.c:1074` / `block/bio.c:1272 block/bio.c:1336)`).
        if end != UInt8(ascii: ")"), decodedLocationCut(l) { return true }
        // powerpc's frame always names the function after its stack and pc addresses
        // (`[c0000005f9bbb930] [c008000001561a44]` / `.nx_crypto_ctx_skcipher_exit+0x24/0x50`).
        if end == UInt8(ascii: "]") && Self.powerpcFrameAddresses(l) { return true }
        // The hardware line always gives the firmware's version after `BIOS` (`Hardware name:
        // Dell Inc. PowerEdge R6515/07PXPY, BIOS` / `2.17.0 12/04/2024`).
        if last.count == 4 && ByteText.hasPrefix(last, "BIOS") && ByteText.hasPrefix(l, "Hardware name: ") { return true }
        // A soft lockup's headline always names the task after its `stuck for 22s!`.
        if end == UInt8(ascii: "!") && ByteText.contains(l, Self.softLockup) { return true }
        guard space != nil else { return false }
        // No kernel message ends on a preposition or a copula (`list_del corruption, …->next
        // is` / `LIST_POISON1 (…)`, `Bad of_node_put() on` / `/ocp/…`).
        if Self.danglingWords.contains(where: { $0.count == last.count && ByteText.hasPrefix(last, $0) }) { return true }
        switch last.count {
        case 1: return end == UInt8(ascii: "=")
        case 6: return ByteText.hasPrefix(last, "logged")
        case 7: return ByteText.hasPrefix(last, "address") || ByteText.hasPrefix(last, "pointer") || ByteText.hasPrefix(last, "tainted")
        case 8: return ByteText.hasPrefix(last, "Tainted:")
        default: return false
        }
    }

    /// A report's headline or task line cut where the kernel always goes on: `WARNING: … at
    /// FILE:LINE` without its function, a fault message before its address, a task line
    /// before its release, an IOMMU fault record before its end. (Other lines of an untimestamped log never wait.)
    static func headlineEndsOpen(_ message: UnsafeRawBufferPointer) -> Bool {
        let m = ByteText.trimTrailingBlanks(message)
        let l = UnsafeRawBufferPointer(rebasing: m[ByteText.skipBlanks(m)...])
        if ByteText.hasPrefix(l, "WARNING: ") { return warningLacksFunction(l) }
        // (`Unable to handle kernel` alone: format=flowed breaks after a blank, which is trimmed.)
        if ByteText.hasPrefix(l, "Unable to handle kernel") || ByteText.hasPrefix(l, "BUG: unable to handle ")
            || ByteText.hasPrefix(l, "BUG: Unable to handle kernel ")
            || ByteText.hasPrefix(l, "Unhandled fault: ") || ByteText.hasPrefix(l, "CPU: ") || ByteText.hasPrefix(l, "general protection fault") || ByteText.hasPrefix(l, "KASAN: ") {
            return endsOpen(message: l)
        }
        // An SMMU fault line cut inside its field list (`… context fault: fsr=0x402,` / `iova=…`).
        if ByteText.hasPrefix(l, "arm-smmu") { return smmuFieldsCut(l) }
        if ByteText.hasPrefix(l, "DMAR: [") { return dmarRecordCut(l) }
        // AMD-Vi's event cut before its closing bracket (`AMD-Vi: Event logged [IO_PAGE_FAULT
        // device=0a:00.0 domain=0x001d` / `address=0x637c000 flags=0x0000]`).
        if ByteText.contains(l, Self.eventLogged) { return l.last != UInt8(ascii: "]") }
        return false
    }

    /// A `WARNING: … at` line cut before its file, or after its `file:line` (`…/amd_iommu.c:2637`)
    /// before the function the kernel always prints next.
    static func warningLacksFunction(_ l: UnsafeRawBufferPointer) -> Bool {
        guard let space = l.lastIndex(of: 0x20) else { return false }
        let last = UnsafeRawBufferPointer(rebasing: l[(space + 1)...])
        if ByteText.hasPrefix(last, "at") && last.count == 2 { return true }
        guard let colon = last.lastIndex(of: UInt8(ascii: ":")), colon + 1 < last.count, colon >= 2 else { return false }
        let digits = last[(colon + 1)...]
        return digits.allSatisfy { $0 &- 0x30 < 10 } && last[colon - 2] == UInt8(ascii: ".")
    }

    /// An Intel DMAR fault record (`DMAR: [DMA Read NO_PASID] Request device [00:0d.2] fault
    /// addr 0x1026a4000 [fault reason 0x51] SM: …`) cut before its `[fault reason`, which the
    /// kernel always prints.
    static func dmarRecordCut(_ l: UnsafeRawBufferPointer) -> Bool {
        ByteText.contains(l, Self.requestDevice) && !ByteText.contains(l, Self.faultReason)
    }

    /// A fault message's complete ending: the address (`ffff…`, `0x…`, `(null)`), or arm32's
    /// `… at virtual address 00000010 when read` (6.0+).
    static func endsWithAddress(_ l: UnsafeRawBufferPointer, _ last: UnsafeRawBufferPointer) -> Bool {
        if last.allSatisfy(ByteText.isHexDigit) || ByteText.hasPrefix(last, "(null)") { return true }
        if last.count > 2, ByteText.hasPrefix(last, "0x"), last.dropFirst(2).allSatisfy(ByteText.isHexDigit) { return true }
        let before = ByteText.trimTrailingBlanks(UnsafeRawBufferPointer(rebasing: l[..<(l.count - last.count)]))
        return before.count >= 5 && ByteText.hasPrefix(UnsafeRawBufferPointer(rebasing: before[(before.count - 5)...]), " when")
    }

    /// A `CPU: … Tainted: G W` / `… Not tainted` line with no release after the taint words
    /// (a digit followed by a dot), so the rest was wrapped off.
    static func lacksReleaseAfterTaint(_ l: UnsafeRawBufferPointer) -> Bool {
        let n = l.count
        var i = 0
        var taint = -1
        // `ainted` is the end of both `Tainted:` and `Not tainted`.
        while i + 6 <= n {
            if l[i] == UInt8(ascii: "a") && l[i + 1] == UInt8(ascii: "i") && l[i + 2] == UInt8(ascii: "n")
                && l[i + 3] == UInt8(ascii: "t") && l[i + 4] == UInt8(ascii: "e") && l[i + 5] == UInt8(ascii: "d") {
                taint = i + 6
                break
            }
            i += 1
        }
        // Cut before its taint words (`… Comm: kworker/5:3 Kdump: loaded` / `Not tainted
        // 4.18.0-348…`, or after `Not`): they and the release always follow.
        guard taint >= 0 else { return ByteText.contains(l, Self.pidField) }
        var j = taint
        while j + 1 < n {
            if l[j] &- 0x30 < 10 && l[j + 1] == UInt8(ascii: ".") { return false }
            j += 1
        }
        return true
    }

    /// An x86 register line (`RAX: 0… RBX: 0… RCX:`, `CR2: … CR4:`) cut between a register's
    /// name and its value: it begins and ends with a name of 2 or 3 upper-case letters and
    /// digits, and so is no stack header (`Call Trace:`, `Stack:`).
    static func x86RegisterCut(_ l: UnsafeRawBufferPointer, _ last: UnsafeRawBufferPointer) -> Bool {
        func isName(_ w: UnsafeRawBufferPointer.SubSequence) -> Bool {
            (2...3).contains(w.count) && w.first.map { $0 &- 0x41 < 26 } == true
                && w.allSatisfy { $0 &- 0x41 < 26 || $0 &- 0x30 < 10 }
        }
        guard let colon = l.firstIndex(of: UInt8(ascii: ":")), colon + 1 < l.count, l[colon + 1] == 0x20,
              last.count >= 3 else { return false }
        return isName(l[..<colon]) && isName(last.dropLast())
    }

    /// `[c0000005f9bbb930] [c008000001561a44]`: a powerpc frame's two addresses, nothing after.
    static func powerpcFrameAddresses(_ l: UnsafeRawBufferPointer) -> Bool {
        let words = l.split(separator: 0x20)
        guard words.count == 2 else { return false }
        return words.allSatisfy { w in
            w.count >= 10 && w.first == UInt8(ascii: "[") && w.last == UInt8(ascii: "]") && w.dropFirst().dropLast().allSatisfy(ByteText.isHexDigit)
        }
    }

    /// A frame decode_stacktrace.sh rewrote (`sym (file.c:12 file.h:3)`) whose location list
    /// was cut: an open `(` after a symbol, followed only by `path:line` words.
    static func decodedLocationCut(_ l: UnsafeRawBufferPointer) -> Bool {
        guard let open = l.lastIndex(of: UInt8(ascii: "(")), open > 0, l[open - 1] == 0x20,
              !l[open...].contains(UInt8(ascii: ")")), open + 1 < l.count else { return false }
        let words = l[(open + 1)...].split(separator: 0x20)
        return !words.isEmpty && words.allSatisfy { w in
            guard let colon = w.lastIndex(of: UInt8(ascii: ":")), colon > w.startIndex, colon + 1 < w.endIndex else { return false }
            return w[(colon + 1)...].allSatisfy { $0 &- 0x30 < 10 } && w[..<colon].contains(UInt8(ascii: "."))
        }
    }

    /// An arm-smmu fault line cut before or inside its field list: `… Unhandled context fault:`
    /// or `… fsr=0x402,` (the fields always follow).
    static func smmuFieldsCut(_ l: UnsafeRawBufferPointer) -> Bool {
        guard let end = l.last else { return false }
        return end == UInt8(ascii: ",") || end == UInt8(ascii: ":") && ByteText.contains(l, Self.contextFault)
    }

    static let contextFault = Array("context fault".utf8)
    static let requestDevice = Array("Request device [".utf8)
    static let eventLogged = Array("Event logged [".utf8)
    static let pidField = Array(" PID: ".utf8)
    static let faultReason = Array("[fault reason".utf8)
    static let dieCount = Array(" [#".utf8)
    static let softLockup = Array("soft lockup - CPU#".utf8)
    static let danglingWords: [[UInt8]] = ["at", "is", "on", "to", "of", "in", "for", "by", "from", "with", "the"].map { Array($0.utf8) }
    static let inRange = Array(" in range".utf8)

    func hold(_ line: InputLine, _ prefix: LinePrefix) {
        bytes.removeAll(keepingCapacity: true)
        bytes.append(contentsOf: line.bytes)
        number = line.number
        depth = prefix.quoteDepth
        pieces = 0
        bare = prefix.timestamp == nil && !prefix.tagged
        holding = true
    }

    /// The held line (pieces joined), which the caller now owns.
    func take() -> (bytes: [UInt8], number: Int)? {
        guard holding else { return nil }
        holding = false
        return (bytes, number)
    }

    private static func words(_ b: UnsafeRawBufferPointer) -> Int {
        var n = 0
        var inWord = false
        for c in b {
            if c == 0x20 { inWord = false } else if !inWord { inWord = true; n += 1 }
        }
        return n
    }
}
