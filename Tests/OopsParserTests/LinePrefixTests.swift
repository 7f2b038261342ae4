import Testing
@testable import OopsParser

/// Prefix stripping on the forms DESIGN.md lists; each case says where the message starts.
struct LinePrefixTests {
    func strip(_ line: String) -> (message: String, prefix: LinePrefix) {
        let bytes = Array(line.utf8)
        return bytes.withUnsafeBytes { raw in
            let p = LinePrefix.parse(raw)
            return (String(decoding: raw[p.messageStart...], as: UTF8.self), p)
        }
    }

    @Test(arguments: [
        ("[  123.456789] Internal error: Oops", "Internal error: Oops"),
        ("[    0.000000][    T0] Booting Linux", "Booting Linux"),
        ("[  211.592905][    T1] Internal error: x", "Internal error: x"),
        ("[ 3416.916116][ T5831] Kernel panic", "Kernel panic"),
        // A vendor kernel's bare CPU number glued to the stamp.
        ("[   13.380405][  0] Unable to handle kernel", "Unable to handle kernel"),
        ("[   13.380405][ 63] Mem abort info:", "Mem abort info:"),
        // `dmesg -d`: the time since the previous line beside the stamp.
        ("[  123.810074 <   28.126960>] BUG: kernel NULL pointer dereference", "BUG: kernel NULL pointer dereference"),
        ("[   65.681504 <    0.000003>] #PF: supervisor write access in kernel mode", "#PF: supervisor write access in kernel mode"),
        // A mail's reference marker before quoted text.
        ("[2] arm-smmu-v3 arm-smmu-v3.6.auto: event 0x10 received:", "arm-smmu-v3 arm-smmu-v3.6.auto: event 0x10 received:"),
        // `dmesg -x`: the facility and level, padded, before the stamp.
        ("kern  :warn  : [  455.634268] WARNING: CPU: 3 PID: 8129 at mm/slub.c:4538", "WARNING: CPU: 3 PID: 8129 at mm/slub.c:4538"),
        (">> kern  :err   : [  455.7] BUG: KASAN: double-free", "BUG: KASAN: double-free"),
        ("user  :notice: [   10.1] msg", "msg"),
        ("<6>[   12.340000][    T1] msg", "msg"),
        // A line number before the stamp (an editor's or `cat -n`'s), and Unisoc/ASR's CPU, pid
        // and comm after it.
        ("7207 [  680.592466] kernel BUG at mm/vmscan.c:1350!", "kernel BUG at mm/vmscan.c:1350!"),
        ("  7207\t[  680.592466] kernel BUG at mm/vmscan.c:1350!", "kernel BUG at mm/vmscan.c:1350!"),
        ("7207 [  680.592466] c0 7125 (syz-executor) kernel BUG at mm/vmscan.c:1350!", "kernel BUG at mm/vmscan.c:1350!"),
        ("[  579.075111]c6 [ T5491] kmemleak: unreferenced object 0xffffff80badd9e00 (size 128):",
         "unreferenced object 0xffffff80badd9e00 (size 128):"),
        ("[  579.082734]c6 [ T5491] kmemleak:   comm \"swapper/0\", pid 1, jiffies 4294892470",
         "  comm \"swapper/0\", pid 1, jiffies 4294892470"),
        ("7207 packets dropped", "7207 packets dropped"),
        ("1024 [foo] bar", "1024 [foo] bar"),
        ("<4>[  1.5] msg", "msg"),
        ("<3>msg", "msg"),
        ("Jun  5 03:02:11 host kernel: Unable to handle", "Unable to handle"),
        ("Jun 05 03:02:11 myhost kernel: pc : foo+0x1/0x2", "pc : foo+0x1/0x2"),
        ("Jun 05 03:02:11.123456 myhost kernel: x29: 0", "x29: 0"),
        ("Jun  5 03:02:11 host kernel: [  123.4] Call trace:", "Call trace:"),
        ("2024-06-05T03:02:11+0000 host kernel: Call trace:", "Call trace:"),
        ("2024-06-05T03:02:11.123456+02:00 host kernel: lr : x", "lr : x"),
        ("2024-06-05 03:02:11,123 Unable to handle", "Unable to handle"),
        ("[  123.456789] host kernel: Internal error", "Internal error"),
        ("6,1234,5678,-;Internal error: Oops", "Internal error: Oops"),
        ("kernel: [  5.0] msg", "msg"),
        ("> > > > > > Internal error: Oops", "Internal error: Oops"),
        ("> Call trace:", "Call trace:"),
        (">> [ 1.0] msg", "msg"),
        ("plain message", "plain message"),
        // `dmesg -T` in another locale, `dmesg -H` with a decimal comma, a blanked stamp.
        ("[ma mrt 21 17:09:33 2022] WARNING: CPU: 5 PID: 25470 at x", "WARNING: CPU: 5 PID: 25470 at x"),
        ("[Thu Mar 13 15:18:38 2025] Call trace:", "Call trace:"),
        ("[lun. mars  7 09:01:02 2022] Call trace:", "Call trace:"),
        ("[  +0,000155] Unable to handle kernel paging request", "Unable to handle kernel paging request"),
        ("[] WARNING: CPU: 3 PID: 1 at lib/refcount.c:28", "WARNING: CPU: 3 PID: 1 at lib/refcount.c:28"),
        ("[PATCH v2] not a date", "[PATCH v2] not a date"),
        // A log indented as a whole (an advisory, a mail): the blanks go with the timestamp;
        // without a prefix after them they stay the message's indent.
        ("  [   19.293351] BUG: KFENCE: use-after-free read", "BUG: KFENCE: use-after-free read"),
        ("\t<4>[  1.5] msg", "msg"),
        // journalctl's lines indented by one blank in a GitHub issue (AsahiLinux/linux#470).
        (" Mar 22 18:58:09 eric-air kernel: Mem abort info:", "Mem abort info:"),
        // Quoted with `| ` (a commit message quoting a ChromeOS log).
        ("| WARNING: CPU: 7 PID: 19892 at lib/debugobjects.c:488", "WARNING: CPU: 7 PID: 19892 at lib/debugobjects.c:488"),
        // syslogd's wall broadcast (`Message from syslogd@host at …` before each line).
        (" kernel:[  622.405154] Internal error: Oops: 96000004 [#1] SMP", "Internal error: Oops: 96000004 [#1] SMP"),
        // `dmesg -H`: time since the previous line.
        ("[  +0.000039] UBSAN: array-index-out-of-bounds in", "UBSAN: array-index-out-of-bounds in"),
        // journalctl in another locale (Fedora, ru_RU).
        ("июл 27 14:08:04 laptop kernel: kernel BUG at lib/list_debug.c:51!", "kernel BUG at lib/list_debug.c:51!"),
        ("juil. 27 14:08:04 laptop kernel: RIP: 0010:x", "RIP: 0010:x"),
        ("juillet est beau", "juillet est beau"),
        ("  [<ffff000008085a3c>] foo+0x1/0x2", "  [<ffff000008085a3c>] foo+0x1/0x2"),
        // No-break spaces from a mail client, and the same mangled into U+FFFD encoded twice
        // (a Rock64 report on a mailing list), where printk padded the seconds and the indent.
        ("[\u{A0}\u{A0}\u{A0} 8.921909] WARNING: CPU: 2", "WARNING: CPU: 2"),
        (">>>> [\u{EF}\u{BF}\u{BD}\u{EF}\u{BF}\u{BD} 8.922163]\u{EF}\u{BF}\u{BD} dma_map_resource+0x68/0xc0", " dma_map_resource+0x68/0xc0"),
        ("[0000000000000038] user address but active_mm is swapper", "[0000000000000038] user address but active_mm is swapper"),
        ("[<ffff000008085a3c>] foo+0x1/0x2", "[<ffff000008085a3c>] foo+0x1/0x2"),
        (" iommu_dma_map_sg+0x7c/0x2c8", " iommu_dma_map_sg+0x7c/0x2c8"),
        ("[  211.6][    T1]  __raw_readb+0x18/0x2c", " __raw_readb+0x18/0x2c"),
        ("Jun  5 03:02:11 host systemd[1]: Started", "host systemd[1]: Started"),
        // Consoles and vendor kernels.
        ("syzkaller login: [   16.305150] INFO: x", "INFO: x"),
        ("syzkaller login: Unable to handle kernel", "Unable to handle kernel"),
        ("[ 12.0] usb 1-1: login: not a prompt", "usb 1-1: login: not a prompt"),
        ("** 93 printk messages dropped ** [  322.962139] BUG: KASAN: x", "BUG: KASAN: x"),
        ("2018/01/09 14:28:48 BUG: memory leak", "BUG: memory leak"),
        ("[Thu Mar 13 15:18:38 2025] INFO: task cat:1803 blocked", "INFO: task cat:1803 blocked"),
        ("[name:traps&]Internal error: x", "Internal error: x"),
        ("[    2.729386] [pid:434,cpu1,in irq] arm64_serror_panic+0x94/0xa0", " arm64_serror_panic+0x94/0xa0"),
        ("[pid:1,cpu0,swapper/0]Unable to handle kernel", "Unable to handle kernel"),
        ("<1>[ 1264.589996s][pid:18926,cpu6,lshw-bak,5]Unable to handle kernel", "Unable to handle kernel"),
        ("[ 12.5s] x", "x"),
        ("[ 12.5sx] x", "[ 12.5sx] x"),
        ("[123456.789012] x", "x"),
        ("[    0.000000] x", "x"),
        ("[    1.2345a7] x", "[    1.2345a7] x"),
        ("0x000000000277BBFA |   1263.468579:   arm-smmu 15000000.iommu: x", "arm-smmu 15000000.iommu: x"),
        ("> [3701:11_see]Unable to handle kernel", "Unable to handle kernel"),
        ("[ 2266.911859]  (1)[19100:exploit]Unable to handle kernel", "Unable to handle kernel"),
        ("[ 2266.911951] -(1)[19100:exploit]Internal error: Oops", "Internal error: Oops"),
        ("[ 2266.9] (4)[2225:main_thread][wlan][2225]kalSetPerfReport", "[wlan][2225]kalSetPerfReport"),
        ("[ 1.0]  (not a tag) x", " (not a tag) x"),
    ])
    func strips(line: String, message: String) {
        #expect(strip(line).message == message)
    }

    @Test func callerIDs() {
        let p = strip("[  211.592905][    T1] x").prefix
        #expect(p.caller == CallerID(kind: UInt8(ascii: "T"), id: 1))
        let c = strip("[  1.0][  C3] x").prefix
        #expect(c.caller?.description == "C3")
        #expect(strip("[  1.0] x").prefix.caller == nil)
    }

    @Test func quoteDepth() {
        #expect(strip("> > > > > > x").prefix.quoteDepth == 6)
        #expect(strip(">>x").prefix.quoteDepth == 2)
        #expect(strip("| x").prefix.quoteDepth == 1)
        // A bar that is not a quote mark (`|x`, a table's `||`) is text.
        #expect(strip("|x").prefix.quoteDepth == 0)
    }

    @Test func timestampRange() {
        let line = "[  123.456789] x"
        let p = strip(line).prefix
        let ts = Array(line.utf8)[p.timestamp!]
        #expect(String(decoding: ts, as: UTF8.self) == "123.456789")
    }
}
