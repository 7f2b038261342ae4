/// The kernel's taint letters (Documentation/admin-guide/tainted-kernels.rst), as data.
public enum TaintFlags {
    public static let meanings: [Character: String] = [
        "P": "proprietary module loaded", "G": "only GPL-compatible modules (no proprietary module)",
        "F": "module force-loaded", "S": "kernel running on an out-of-specification system",
        "R": "module force-unloaded", "M": "machine check exception", "B": "bad page referenced",
        "U": "taint requested by userspace", "D": "kernel died recently (an earlier oops or BUG)",
        "A": "ACPI table overridden", "W": "warning already issued", "C": "staging driver loaded",
        "I": "firmware bug worked around", "O": "out-of-tree module loaded", "E": "unsigned module loaded",
        "L": "soft lockup occurred", "K": "kernel live-patched", "X": "auxiliary taint (distribution)",
        "T": "built with struct randomization", "N": "in-kernel test (kunit) run",
    ]

    /// `G W` → `proprietary module: no · warning already issued: yes`.
    public static func describe(_ flags: String) -> String {
        let letters = flags.filter { $0 != " " }
        var parts: [String] = []
        if letters.contains("G") { parts.append("proprietary module: no") }
        if letters.contains("P") { parts.append("proprietary module: yes") }
        for l in letters where l != "G" && l != "P" {
            parts.append((meanings[l] ?? "unknown flag \(l)") + ": yes")
        }
        return parts.joined(separator: " · ")
    }
}
