import OopsCore

/// Reports of the memory debuggers that are not sanitizers: kmemleak's leaked objects and
/// the page allocator's bad-page reports. A leak's `backtrace:` is its call trace (where the
/// object was allocated); a bad page's owner stacks are not the report's trace.
enum MemoryDebugRules {
    static let rules: [LineRule] = [
        // kmemleak: `unreferenced object 0xffff… (size 64):`, `comm "syz", pid 1, jiffies 42`,
        // `hex dump (first 32 bytes):` and its bytes, `backtrace (crc c9a1c131):`.
        LineRule("kmemleak", "unreferenced object ") { _, _ in true },
        LineRule("kmemleak", "comm \"", #"comm "(.*)", pid (\d+), jiffies"#) { b, m in
            b.withContext { c in c.comm = c.comm ?? m.string(1); c.pid = c.pid ?? m.int(2) }
            return true
        },
        LineRule("kmemleak", "hex dump (first ") { _, _ in true },
        LineRule("kmemleak", "", #"(?:[0-9a-f]{2} ){8,16}"#) { _, _ in true },
        LineRule("kmemleak", "backtrace", #"backtrace(?: \(crc [0-9a-f]+\))?:\s*$"#) { b, _ in b.beginTrace(); return true },
        // Bad page state: the page's fields, why it was dumped, and page_owner's stacks.
        LineRule("bad-page", "page:", #"page:\s*[0-9a-f]+ "#) { _, _ in true },
        LineRule("bad-page", "flags: 0x") { _, _ in true },
        LineRule("bad-page", "raw: ") { _, _ in true },
        LineRule("bad-page", "head: ") { _, _ in true },
        LineRule("bad-page", "page dumped because: ") { _, _ in true },
        LineRule("bad-page", "page_owner ") { _, _ in true },
        LineRule("bad-page", "page last ", #"page last (?:allocated|free)"#) { b, _ in b.beginOtherStack(); return true },
    ] + kfenceAccess

    /// KFENCE prints the faulting access's stack under its access line, with no header:
    /// `Use-after-free read at 0x… (in kfence-#115):`, `Out-of-bounds write at 0x… (1B left of
    /// kfence-#3):`, `Invalid read at 0x…:` (an access to no object), `Invalid free of 0x… (in
    /// kfence-#3):`. The address is printed with `%p`: a 64-bit kernel's hash has its upper half
    /// zero, and is no address; 32-bit hashes cannot be told from addresses, so only a 64-bit
    /// kernel address is kept.
    static let kfenceAccess = ["Use-after-free ", "Out-of-bounds ", "Invalid ", "Corrupted memory "].map { kind in
        LineRule("kfence-access", kind, kind + #"(?:(read|write) at|free of|at) 0x([0-9a-f]{16})?[^ ]* .*kfence-#\d+\):|"# + kind + #"(read|write) at 0x([0-9a-f]{16})?[^ :]*:$"#) { b, m in
            b.beginTrace()
            if let a = m.hex(2) ?? m.hex(4), a >> 32 != 0 {
                b.withFault { f in
                    f.address = f.address ?? Hex64(a)
                    if let w = m.string(1) ?? m.string(3) { f.access = f.access ?? (w == "write" ? .write : .read) }
                }
            }
            return true
        }
    }
}
