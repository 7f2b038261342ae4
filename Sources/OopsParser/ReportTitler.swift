import OopsCore

/// Gives a report its `title` and `signature`. Titles follow syzbot's conventions, which kernel
/// engineers already read on dashboards (`BUG: unable to handle kernel NULL pointer dereference
/// in FUNC`, `WARNING in FUNC`, `KASAN: use-after-free Read in FUNC`); FUNC is the first frame
/// that is not generic plumbing (``GenericFrames``).
public enum ReportTitler {
    public static func apply(_ r: inout Report) {
        let frames = Culprit.meaningfulFrames(in: r)
        let culprit = Culprit.find(in: r, meaningful: frames)
        r.title = title(r, culprit: culprit)
        r.signature = signature(r, culprit: culprit, frames: frames)
    }

    static func title(_ r: Report, culprit: String?) -> String {
        let head: String
        switch r.kind {
        case .nullPointerDereference: head = "BUG: unable to handle kernel NULL pointer dereference"
        case .pagingRequest:
            head = r.format == "x86-gpf" ? "general protection fault" : "BUG: unable to handle kernel paging request"
        case .userAccess: head = "BUG: unable to handle kernel access to user memory"
        case .writeToReadonly: head = "BUG: unable to handle kernel write to read-only memory"
        case .executeNonExecutable: head = "BUG: unable to handle kernel execute from non-executable memory"
        case .alignment: head = "Internal error: alignment fault"
        case .bug: head = r.format == "list-corruption" ? "BUG: corrupted list" : (r.format == "bug" ? bugHead(r.message) : "kernel BUG")
        case .warning: head = "WARNING"
        case .kasan: head = kasanHead(r.message)
        case .ubsan: head = "UBSAN: " + (ubsanWhat(r.message) ?? "undefined behaviour")
        case .serror: head = r.format == "internal-error" || r.format == "unhandled-fault" ? "Internal error: synchronous external abort" : "SError Interrupt"
        case .undefinedInstruction: head = "Internal error: undefined instruction"
        case .pointerAuthentication: head = "Internal error: pointer authentication failure"
        case .stackOverflow: head = "kernel stack overflow"
        case .softLockup: head = "BUG: soft lockup"
        case .hardLockup: head = "watchdog: hard LOCKUP"
        case .rcuStall: head = "INFO: rcu detected stall"
        case .hungTask: head = "INFO: task hung"
        case .outOfMemory: head = "out of memory"
        case .panic: return "kernel panic: " + (r.panic ?? r.message)
        case .iommuFault: return iommuTitle(r)
        case .unknown: head = r.format == "internal-error" ? "Internal error" : firstWords(r.message)
        }
        guard let culprit else { return head }
        return head + " in " + culprit
    }

    static func bugHead(_ message: String) -> String {
        // `BUG: sleeping function called from invalid context at …` → the words before ` at `/`:`.
        var text = Substring(message)
        if let r = text.range(of: " at ") { text = text[..<r.lowerBound] }
        return String(text)
    }

    static func kasanHead(_ message: String) -> String {
        // `BUG: KASAN: use-after-free in foo+0x1/0x2` + `Read of size` → `KASAN: use-after-free Read`.
        guard let r = message.range(of: "KASAN: ") ?? message.range(of: "KFENCE: ") ?? message.range(of: "KMSAN: ") else {
            return firstWords(message)
        }
        let tool = message[message.index(r.lowerBound, offsetBy: 0)..<r.upperBound]
        let rest = message[r.upperBound...]
        let what = rest.split(separator: " ").first.map(String.init) ?? ""
        return tool + what
    }

    static func ubsanWhat(_ message: String) -> String? {
        guard let r = message.range(of: "UBSAN: ") else { return nil }
        var rest = message[r.upperBound...]
        if let i = rest.range(of: " in ") { rest = rest[..<i.lowerBound] }
        return String(rest)
    }

    static func iommuTitle(_ r: Report) -> String {
        guard let f = r.iommu else { return firstWords(r.message) }
        switch f.type {
        case "context-fault": return "\(f.driver): context fault" + (f.instance.map { " on \($0)" } ?? "")
        case "unknown-stream": return "\(f.driver): blocked unknown stream id" + (f.instance.map { " on \($0)" } ?? "")
        case "global-fault": return "\(f.driver): global fault" + (f.instance.map { " on \($0)" } ?? "")
        default:
            return "\(f.driver): event \(f.eventName ?? f.event?.description ?? "?")" + (f.instance.map { " on \($0)" } ?? "")
        }
    }

    static func firstWords(_ message: String) -> String {
        String(message.prefix(80))
    }

    /// Kind + the first few meaningful frames: what triage groups by.
    static func signature(_ r: Report, culprit: String?, frames all: [String]) -> String {
        var parts = [r.kind.rawValue]
        let frames = all.prefix(3)
        if frames.isEmpty, let culprit { parts.append(culprit) } else { parts.append(contentsOf: frames) }
        if r.kind == .iommuFault, let f = r.iommu { parts = [r.kind.rawValue, f.driver, f.type] }
        if r.kind == .panic { parts.append(r.panic ?? "") }
        return parts.joined(separator: "|")
    }
}
