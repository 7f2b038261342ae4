#!/usr/bin/env python3
"""Inputs for oopsy's benchmarks, built from the crash logs in Corpus/.

  corpus.py biglog BYTES OUT      dmesg-like log: boot/driver chatter with an arm64 report
                                  every ~100 KB (--every), reports drawn from Corpus/real/arm64,
                                  Corpus/lab (real Debian kernels) and the seed crash
  corpus.py reports N OUT         about N reports back to back with a little chatter between
                                  (the corpus for the decode and diagnosis benchmarks)
  corpus.py files N DIR           N small logs (2-6 KB of chatter; one in ten holds a report)

Timestamps are rewritten so the log reads like one boot. The output is deterministic (--seed).
"""
import argparse
import os
import random
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STAMP = re.compile(rb"^\[ *\d+\.\d+\] ?")
# One marker per report (an oops prints both `Unable to handle` and `Internal error:`; only the
# latter counts), for the `reports` corpus's count. bench/run prints the count oopsy finds.
START = re.compile(rb"Internal error:|WARNING: CPU:|------------\[ cut here|Unhandled context fault|"
                   rb"event 0x..? received|SError Interrupt|INFO: task|BUG: (?!unable)|Kernel panic - not syncing: (?!Fatal)")

# Chatter a booted arm64 machine prints; fields vary per line so no two blocks are identical.
CHATTER = [
    "usb {bus}-{port}: new high-speed USB device number {n} using xhci-hcd",
    "usb {bus}-{port}: New USB device found, idVendor={hex4}, idProduct={hex4}, bcdDevice= 1.{n}",
    "EXT4-fs (mmcblk0p{n}): mounted filesystem with ordered data mode. Quota mode: none.",
    "audit: type=1400 audit({sec}.{ms}:{n}): avc:  denied  {{ read }} for  pid={pid} comm=\"{comm}\" name=\"u:object_r:sysfs:s0\" dev=\"sysfs\" ino={ino}",
    "IPv6: ADDRCONF(NETDEV_CHANGE): eth{n}: link becomes ready",
    "{comm}[{pid}]: unhandled level 2 translation fault (11) at 0x{hex8}, esr 0x92000006, in libc.so.6[ffff{hex8}+17c000]",
    "wlan0: authenticate with {mac} (local address={mac})",
    "wlan0: associated",
    "cfg80211: Loading compiled-in X.509 certificates for regulatory database",
    "mmc{n}: new HS400 MMC card at address 0001",
    "systemd[1]: Started {comm}.service - {comm} daemon.",
    "random: crng init done",
    "platform {hex8}.gpu: deferred probe pending",
    "dwc3 {hex8}.usb: Adding to iommu group {n}",
    "arm-smmu {hex8}.iommu: probing hardware configuration...",
    "arm-smmu {hex8}.iommu: \tstream matching with {n} register groups",
    "NET: Registered PF_ALG protocol family",
    "thermal thermal_zone{n}: failed to read out thermal zone (-19)",
    "psci: CPU{n} killed (polled 0 ms)",
    "CPU{n}: Booted secondary processor 0x00000000{n}0 [0x410fd083]",
    "GICv3: CPU{n}: found redistributor {n}00 region 0:0x00000000{hex8}",
    "Freeing unused kernel memory: {n}024K",
    "nvme nvme0: {n}/0/0 default/read/poll queues",
    "r8169 0000:01:00.0 eth0: Link is Up - 1Gbps/Full - flow control rx/tx",
    "input: {comm} as /devices/platform/soc/{hex8}.i2c/i2c-{n}/input/input{n}",
    "Bluetooth: hci0: QCA Product ID   :0x0000000{n}",
    "remoteproc remoteproc{n}: powering up {hex8}.remoteproc",
    "qcom-q6v5-mss {hex8}.remoteproc: MBA booted without debug policy, loading mpss",
    "kauditd_printk_skb: {n} callbacks suppressed",
    "OOM killer disabled.",
]
COMMS = ["systemd-udevd", "kworker/u16:3", "NetworkManager", "surfaceflinger", "modprobe", "sshd", "adbd"]


def chatter_line(rng, t):
    tpl = rng.choice(CHATTER)
    text = tpl.format(bus=rng.randint(1, 4), port=rng.randint(1, 9), n=rng.randint(0, 9),
                      hex4=f"{rng.randrange(1 << 16):04x}", hex8=f"{rng.randrange(1 << 32):08x}",
                      sec=int(t), ms=rng.randint(0, 999), pid=rng.randint(100, 32000),
                      comm=rng.choice(COMMS), ino=rng.randint(1000, 99999),
                      mac=":".join(f"{rng.randrange(256):02x}" for _ in range(6)))
    return f"[{t:12.6f}] {text}\n".encode()


def report_logs():
    """Each source log's kernel lines (comment headers dropped, stamps removed)."""
    dirs = [os.path.join(ROOT, "Corpus", "real", "arm64"), os.path.join(ROOT, "Corpus", "seed")]
    lab = os.path.join(ROOT, "Corpus", "lab")
    if os.path.isdir(lab):
        dirs += [os.path.join(lab, d) for d in sorted(os.listdir(lab)) if os.path.isdir(os.path.join(lab, d))]
    logs = []
    for d in dirs:
        for name in sorted(os.listdir(d)):
            if not name.endswith(".log") or "quoted" in name:
                continue
            with open(os.path.join(d, name), "rb") as f:
                lines = [STAMP.sub(b"", l.rstrip(b"\r\n")) for l in f if not l.startswith(b"#")]
            starts = sum(1 for l in lines if START.search(l))
            if starts:
                logs.append((lines, starts))
    if not logs:
        sys.exit("corpus.py: no crash logs found under Corpus/")
    return logs


POOL = None


class Writer:
    """Writes lines with a monotonic printk clock."""

    def __init__(self, out, rng):
        self.out, self.rng, self.t, self.bytes = out, rng, 0.5, 0

    def chatter(self, nbytes):
        # Lines come from a pre-rendered pool (formatting each one afresh is what made a 1 GiB
        # log take minutes); only the clock is printed per line.
        # One pool per process: `files` makes a Writer per file, and a pool per Writer made
        # generating 100,000 files take hours.
        global POOL
        if POOL is None:
            POOL = [chatter_line(self.rng, 0.0)[15:] for _ in range(20000)]
        buf = []
        n = 0
        pool, rng = POOL, self.rng
        while n < nbytes:
            self.t += rng.random() * 0.01
            line = b"[%12.6f] " % self.t + pool[rng.randrange(20000)]
            buf.append(line)
            n += len(line)
        self.emit(buf)

    def report(self, lines):
        buf = []
        for l in lines:
            self.t += 0.000137
            buf.append(b"[%12.6f] " % self.t + l + b"\n")
        self.emit(buf)

    def emit(self, buf):
        data = b"".join(buf)
        self.out.write(data)
        self.bytes += len(data)


def biglog(args, rng):
    logs = report_logs()
    with open(args.out, "wb") as f:
        w = Writer(f, rng)
        i = 0
        while w.bytes < args.bytes:
            w.chatter(rng.randint(args.every // 2, args.every * 3 // 2))
            w.report(logs[i % len(logs)][0])
            i += 1
    print(f"{args.out}: {w.bytes} bytes, {i} crash logs embedded", file=sys.stderr)


def reports(args, rng):
    logs = report_logs()
    with open(args.out, "wb") as f:
        w = Writer(f, rng)
        starts = i = 0
        while starts < args.n:
            lines, k = logs[i % len(logs)]
            w.chatter(300)
            w.report(lines)
            starts += k
            i += 1
    print(f"{args.out}: {w.bytes} bytes, about {starts} reports", file=sys.stderr)


def files(args, rng):
    logs = report_logs()
    os.makedirs(args.dir, exist_ok=True)
    for i in range(args.n):
        sub = os.path.join(args.dir, f"{i // 1000:03d}")
        os.makedirs(sub, exist_ok=True)
        with open(os.path.join(sub, f"console-{i:06d}.log"), "wb") as f:
            w = Writer(f, rng)
            w.chatter(rng.randint(2000, 6000))
            if i % 10 == 0:
                w.report(logs[(i // 10) % len(logs)][0])
    print(f"{args.dir}: {args.n} files", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("biglog"); b.add_argument("bytes", type=int); b.add_argument("out")
    b.add_argument("--every", type=int, default=100_000)
    r = sub.add_parser("reports"); r.add_argument("n", type=int); r.add_argument("out")
    s = sub.add_parser("files"); s.add_argument("n", type=int); s.add_argument("dir")
    args = p.parse_args()
    {"biglog": biglog, "reports": reports, "files": files}[args.cmd](args, random.Random(args.seed))


if __name__ == "__main__":
    main()
