import Foundation

/// A kdump crash folder: the memory dump the capture kernel saved beside the kernel log taken
/// from it — `/var/crash/<host>-<date>/{vmcore, vmcore-dmesg.txt}` (kexec-tools),
/// `/var/crash/<stamp>/{dump.<stamp>, dmesg.<stamp>}` (Debian's and Ubuntu's kdump-tools), or
/// a `dmesg.txt` saved there by hand. oopsy reads the logs; the dump is memory, not text, and
/// may be gigabytes: a folder's dump is left out when its log is there.
public enum KdumpFolder {
    /// A file name kdump gives the log it extracted.
    public static func isLog(_ name: String) -> Bool {
        name == "vmcore-dmesg.txt" || name == "dmesg.txt" || stamped(name, "dmesg.")
    }

    /// A file name kdump gives the memory dump.
    public static func isDump(_ name: String) -> Bool {
        name == "vmcore" || name == "vmcore.flat" || name == "vmcore-incomplete" || stamped(name, "dump.")
    }

    /// `dmesg.202401311200`: the prefix, then kdump-tools' stamp (digits only).
    static func stamped(_ name: String, _ prefix: String) -> Bool {
        guard name.hasPrefix(prefix), name.count > prefix.count else { return false }
        return name.dropFirst(prefix.count).allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The logs of `folder` when it is a kdump crash folder, else nil (also when it cannot be
    /// listed, or is no folder).
    public static func logs(inFolder folder: String) -> [String]? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return nil }
        return logs(inFolder: folder, names: names)
    }

    /// The logs of the folder whose entries are `names` (a path each, sorted); nil when it
    /// holds none, or no dump and no `vmcore-dmesg.txt` (a folder of other logs is no crash
    /// folder: `oopsy triage` is for those).
    public static func logs(inFolder folder: String, names: [String]) -> [String]? {
        let logs = names.filter(isLog).sorted()
        guard !logs.isEmpty, names.contains(where: isDump) || logs.contains("vmcore-dmesg.txt") else { return nil }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return logs.map { base + $0 }
    }
}
