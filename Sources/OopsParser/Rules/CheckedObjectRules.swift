import OopsCore

/// What KASAN and KFENCE print about the object a bad access hit (mm/kasan/report.c,
/// mm/kfence/report.c, 4.x → 6.x): the stacks that allocated and freed it, and where it is.
enum CheckedObjectRules {
    /// `Allocated by task 1:`, 6.x `Allocated by task 2740 on cpu 3 at 41.234567s:`, KFENCE's
    /// `allocated by task 1 on cpu 0 at 12.3s (…):`.
    static func stack(_ header: String, _ kind: ReportBuilder.ObjectStackKind) -> LineRule {
        LineRule("object-stack", header, header + #" task (\d+)"#) { b, m in
            b.beginObjectStack(kind, pid: m.int(1))
            return true
        }
    }

    /// SLUB's track line: the function that allocated or freed the object and the pid (a mail
    /// may wrap the pid off), then, where the kernel keeps stacks (stack depot), that stack from
    /// the same function on.
    static func track(_ header: String, _ kind: ReportBuilder.ObjectStackKind) -> LineRule {
        LineRule("object-stack", header, header + #"(\S+(?: \[\w+\])?) age=\d+(?: cpu=\d+ pid=(\d+))?"#) { b, m in
            let pid = m.int(2)
            guard let site = m.slice(1) else { return false }
            b.beginObjectStack(kind, pid: pid)
            if let f = FrameSyntax.parse(site, scratch: m.scratch) { b.appendObjectFrame(f) }
            return true
        }
    }

    static let rules: [LineRule] = [
        stack("Allocated by", .allocated),
        stack("Freed by", .freed),
        stack("allocated by", .allocated),
        stack("freed by", .freed),
        // SLUB's object track (mm/slub.c print_track(); `INFO: ` through 5.11, none by 5.17).
        track("INFO: Allocated in ", .allocated), track("INFO: Freed in ", .freed),
        track("Allocated in ", .allocated), track("Freed in ", .freed),
        // `The buggy address belongs to the object at ffff888106a3e000` / ` which belongs to
        // the cache kmalloc-192 of size 192` (one line before 4.x, two since).
        LineRule("object", "The buggy address belongs to the object at ", #"The buggy address belongs to the object at (?:0x)?([0-9a-fA-F]+)(?:\s+which belongs to the cache (\S+) of size (\d+))?"#) { b, m in
            place(b, address: m.hex(1), cache: m.string(2), size: m.int(3))
            return true
        },
        LineRule("object", "which belongs to the cache ", #"which belongs to the cache (\S+) of size (\d+)"#) { b, m in
            guard b.report.object != nil else { return false }
            place(b, cache: m.string(1), size: m.int(2))
            return true
        },
        // `The buggy address is located 184 bytes inside of` / `8 bytes to the right of` / `…
        // to the left of`, then ` 512-byte region [ffff…, ffff…)` (6.x: `allocated 512-byte
        // region`, `freed 512-byte region`).
        LineRule("object", "The buggy address is located ", #"The buggy address is located (\d+) bytes (inside of|to the right of|to the left of)"#) { b, m in
            b.withObject { o in
                o.offset = o.offset ?? m.int(1)
                o.relation = o.relation ?? relation(m.string(2))
            }
            return true
        },
        LineRule("object", "", #"(?:(?:allocated|freed) )?(\d+)-byte region \[(?:0x)?([0-9a-fA-F]+), "#, containing: "-byte region [") { b, m in
            guard b.report.object != nil else { return false }
            place(b, address: m.hex(2), size: m.int(1))
            return true
        },
        // KFENCE: `kfence-#12: 0xffff…-0xffff…, size=32, cache=kmalloc-32`.
        LineRule("object", "kfence-#", #"kfence-#\d+: 0x([0-9a-f]+)-0x[0-9a-f]+, size=(\d+), cache=(\S+)"#) { b, m in
            place(b, address: m.hex(1), cache: m.string(3), size: m.int(2))
            return true
        },
    ]

    /// Where the object is, as far as a line says; what an earlier line said is kept.
    static func place(_ b: ReportBuilder, address: UInt64? = nil, cache: String? = nil, size: Int? = nil) {
        b.withObject { o in
            o.address = o.address ?? address.map { Hex64($0) }
            o.cache = o.cache ?? cache
            o.size = o.size ?? size
        }
    }

    static func relation(_ words: String?) -> String? {
        switch words {
        case "inside of": return "inside"
        case "to the right of": return "right"
        case "to the left of": return "left"
        default: return nil
        }
    }
}
