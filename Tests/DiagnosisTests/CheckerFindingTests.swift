import Foundation
import Testing
import OopsCore
import Analysis
import Diagnosis

/// Reports of the kernel's own checkers are explained by what the check found, not as a BUG()
/// assertion (headlines from the syzkaller peer suite and Corpus/ logs).
struct CheckerFindingTests {
    func diagnose(_ text: String) -> Diagnosis? {
        Analyzer().analyze(text: text).reports.first?.diagnoses.first
    }

    /// A headline and a short trace under it, as the checkers print them.
    static func report(_ headline: String, _ extra: String = "") -> String {
        """
        [   65.499023][ T5098] \(headline)
        \(extra)[   65.506426][ T5098] CPU: 1 PID: 5098 Comm: syz-executor209 Not tainted 6.10.0-syzkaller #0
        [   65.506427][ T5098] Call Trace:
        [   65.506428][ T5098]  <TASK>
        [   65.506429][ T5098]  dump_stack_lvl+0x116/0x1b0
        [   65.506430][ T5098]  demo_checked_fn+0x1f3/0x230
        [   65.506431][ T5098]  do_syscall_64+0xcd/0x250
        [   65.506432][ T5098]  </TASK>

        """
    }

    @Test(arguments: [
        ("BUG: sleeping function called from invalid context at mm/slab.h:513", "sleep-in-atomic"),
        ("BUG: scheduling while atomic: syz-executor.0/5582/0x00000002", "sleep-in-atomic"),
        ("BUG: using __this_cpu_read() in preemptible [00000000] code: syz-executor/8062", "preemptible-percpu"),
        ("BUG: using smp_processor_id() in preemptible [00000000] code: dhcpcd/2811", "preemptible-percpu"),
        ("BUG: spinlock recursion on CPU#0, syz-executor7/5012", "lock-debug"),
        ("BUG: rwlock bad magic on CPU#0, kworker/0:18/18158, ffff8801c9b2e238", "lock-debug"),
        ("[ BUG: bad unlock balance detected! ]", "lockdep"),
        ("BUG: MAX_STACK_TRACE_ENTRIES too low!", "lockdep-capacity"),
        ("BUG: workqueue leaked lock or atomic: kworker/0:1/0x00000000/353", "workqueue-leak"),
        ("BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 15s!", "workqueue-lockup"),
        ("BUG: Dentry ffff88809a5f3c18{i=0,n=.index}  still in use (1) [unmount of ext4 loop0]", "busy-at-unmount"),
        // filemap_unaccount_folio(): a mapped page left the page cache (first-sight round 16).
        ("BUG: Bad page cache in process rm  pfn:102000", "bad-page"),
        ("BUG: memory leak", "memory-leak"),
        ("BUG: KCSAN: data-race in netlink_recvmsg / netlink_recvmsg", "data-race"),
        ("list_del corruption. prev->next should be ffff88801e1e0b68, but was ffff88807b6f0b68", "list-corruption"),
        ("BUG kmalloc-8 (Tainted: G    B          ): Object already free", "slab-corruption"),
    ])
    func aCheckerSaysWhatItFound(headline: String, cause: String) throws {
        let d = try #require(diagnose(Self.report(headline)))
        #expect(d.cause == cause)
        #expect(!d.summary.contains("BUG() assertion"))
    }

    /// A bad page's dump shows the LIST_POISON its lru holds after a normal list_del(): that
    /// is the page allocator's finding, not a list corruption.
    /// dma-direct's WARN when nothing bounced a buffer the device cannot address (first-sight
    /// round 18, j-07: report_addr() after `swiotlb buffer is full`) is a mapping failure, not
    /// a bare WARN_ON().
    @Test func dmaDirectsOverflowWarnIsAMappingFailure() throws {
        let d = try #require(diagnose("""
            [   36.755854] xhci-hcd ee000000.usb: overflow 0x0000000733580000+524288 of DMA mask ffffffff bus mask 0
            [   36.765148] WARNING: CPU: 4 PID: 3652 at kernel/dma/direct.c:43 report_addr+0x38/0xa0
            [   36.826723] pc : report_addr+0x38/0xa0
            [   36.830466] lr : report_addr+0x98/0xa0
            [   36.915000] Call trace:
            [   36.919558]  report_addr+0x38/0xa0
            [   36.920000]  dma_direct_map_page+0x140/0x150
            [   36.921000]  usb_hcd_map_urb_for_dma+0x2e4/0x448
            """))
        #expect(d.cause == "dma-mapping-failure")
        #expect(d.summary.hasPrefix("dma-direct could not map a buffer for the device"))
    }

    @Test func aBadPageIsNoListCorruption() throws {
        let raw = "[   65.534267][ T5098] raw: 00fff0000000400c dead000000000100 dead000000000122 0000000000000000\n"
        let d = try #require(diagnose(Self.report("BUG: Bad page state in process syz-executor209  pfn:7deea", raw)))
        #expect(d.cause == "bad-page")
    }

    /// A BUG() whose site names the check says which check; another says it was a BUG(). In
    /// lib/string.c only fortify_panic()'s BUG() is FORTIFY's (strlcat() asserts its arguments).
    @Test(arguments: [
        ("lib/list_debug.c:64", "", "list-corruption", false),
        ("mm/usercopy.c:102", "", "usercopy", false),
        ("lib/string.c:1149", "[   65.500001][ T5098] pc : fortify_panic+0x14/0x18\n", "fortify", false),
        ("lib/string.c:221", "", "bug", true),
        ("fs/buffer.c:1917", "", "bug", true),
    ])
    func aBugSiteNamesItsCheck(site: String, pc: String, cause: String, assertion: Bool) throws {
        let text = Self.report("kernel BUG at \(site)!", "[   65.500000][ T5098] Internal error: Oops - BUG: 00000000f2000800 [#1] PREEMPT SMP\n" + pc)
        let d = try #require(diagnose(text))
        #expect(d.cause == cause)
        #expect(d.summary.hasPrefix("A BUG() assertion fired at \(site)") == assertion)
    }

    /// lockdep's depth limit is a lock leak in the code; its other tables are the debug kernel's.
    @Test func lockdepsLimitsAreToldApart() throws {
        let depth = try #require(diagnose(Self.report("BUG: MAX_LOCK_DEPTH too low!")))
        #expect(depth.cause == "lockdep")
        let table = try #require(diagnose(Self.report("BUG: MAX_STACK_TRACE_ENTRIES too low!")))
        #expect(table.cause == "lockdep-capacity")
    }

    /// A headline no row explains is restated at a confidence that claims no more.
    @Test func anUnknownHeadlineIsOnlyRestated() throws {
        let d = try #require(diagnose(Self.report("BUG: recent printk recursion!")))
        #expect(d.cause == "bug")
        #expect(d.confidence < 0.7)
        #expect(d.summary.contains("BUG: recent printk recursion!"))
        #expect(!d.summary.contains("BUG() assertion"))
    }

    /// The unmount check of 4.x prints one line and no stack: still not a BUG().
    /// A kmemleak record names the function that allocated the leaked object (the first frame
    /// past mm/'s allocator) and the task, from its own backtrace and `comm` line.
    @Test func aLeakSaysWhereItsObjectWasAllocated() throws {
        let log = """
        unreferenced object 0xffff888101e52000 (size 1024):
          comm "lxdm-greeter-gt", pid 624, jiffies 4294941383 (age 131.180s)
          hex dump (first 32 bytes):
            00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
          backtrace:
            [<00000000e15c5ad3>] kmem_cache_alloc_trace+0x16b/0x2a0
            [<0000000029d4c1ac>] amdgpu_job_alloc+0x38/0x2f0 [amdgpu]
            [<000000009c66b1ff>] amdgpu_job_alloc_with_ib+0x27/0xf0 [amdgpu]
            [<00000000f17c5d04>] amdgpu_copy_buffer+0x1d3/0x700 [amdgpu]
        """
        let d = try #require(diagnose(log))
        #expect(d.cause == "memory-leak")
        #expect(d.summary.contains("It was allocated in amdgpu_job_alloc (task 624)."))
        #expect(d.evidence.contains { $0.kind == .objectHistory })
    }

    @Test func busyInodesAreAReferenceLeak() throws {
        let d = try #require(diagnose("VFS: Busy inodes after unmount of tmpfs. Self-destruct in 5 seconds.  Have a nice day...\n"))
        #expect(d.cause == "busy-at-unmount")
    }

    /// SLUB's report with its object's track says where the object came from, and does not
    /// advise turning on the record it printed.
    @Test func slubsTrackedObjectIsNamedNotAskedFor() throws {
        let tracked = """
        [   14.235820][  T503] BUG kmalloc-128 (Tainted: G S O ): Left Redzone overwritten
        [   14.255241][  T503] INFO: 0xffffff87caae0f7d-0xffffff87caae0f7f @offset=3965. First byte 0x2f instead of 0xcc
        [   14.265176][  T503] INFO: Allocated in kobject_get_path+0x58/0x100 age=1 cpu=0 pid=503
        [   14.355177][  T503] INFO: Freed in kobject_uevent_env+0x210/0x744 age=1 cpu=4 pid=518
        """
        let d = try #require(diagnose(tracked))
        #expect(d.cause == "slab-corruption")
        #expect(d.summary.contains("allocated in kobject_get_path (task 503)"))
        #expect(d.fix?.contains("slub_debug=U") == false)
        let bare = try #require(diagnose(Self.report("BUG kmalloc-128 (Tainted: G S O ): Left Redzone overwritten")))
        #expect(bare.fix?.contains("slub_debug=U") == true)
    }
}

/// README's table of generic causes is the set the rules can name: a new cause is documented.
struct GenericCauseDocsTests {
    @Test func readmeListsEveryGenericCause() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### Causes").dropFirst().first?.components(separatedBy: "\n## ").first)
        // The first cell of each table row holds the ids, in backquotes.
        var documented = Set<String>()
        for row in section.split(separator: "\n") where row.hasPrefix("| `") {
            let cell = row.dropFirst(2).prefix { $0 != "|" }
            for (i, piece) in cell.split(separator: "`", omittingEmptySubsequences: false).enumerated() where i % 2 == 1 {
                documented.insert(String(piece))
            }
        }
        #expect(documented == GenericRules.causes)
    }
}
