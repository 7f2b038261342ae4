"""Boot one scenario under qemu-system-aarch64 and classify what the kernel did."""
import os
import re
import signal
import subprocess
import time

QEMU = "qemu-system-aarch64"


def qemu_version():
    try:
        out = subprocess.run([QEMU, "--version"], stdout=subprocess.PIPE, text=True).stdout
        return out.splitlines()[0].strip()
    except OSError:
        return None


def command(kernel, initrd, append, device="virtio-rng-pci", dtb=None, extra=None):
    cmd = [QEMU, "-M", "virt,iommu=smmuv3", "-cpu", "cortex-a57", "-m", "1024",
           "-nographic", "-no-reboot", "-device", device,
           "-kernel", kernel, "-initrd", initrd, "-append", append]
    if dtb:
        cmd += ["-dtb", dtb]
    return cmd + list(extra or [])


def run(cmd, timeout):
    """Run QEMU with a hard timeout; returns (console bytes, stderr text, seconds, timed_out)."""
    t0 = time.time()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True)
    timed_out = False
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
    return out, err.decode(errors="replace"), time.time() - t0, timed_out


_TS = r"^(?:\[\s*\d+\.\d+\]\s*)?"
_PC = re.compile(_TS + r"pc : (\S+)", re.M)
_LR = re.compile(_TS + r"lr : (\S+)", re.M)
_FRAME = re.compile(r"^(?:\[\s*\d+\.\d+\]\s*)?\s+(\S+\+0x[0-9a-f]+/0x[0-9a-f]+(?: \[\w+\])?)")
_FAULT = re.compile(r"Unable to handle kernel (.*?) at virtual address ([0-9a-fx]+)")
_INTERNAL = re.compile(r"Internal error: (.*?): ([0-9a-f]+) \[#\d+\]")
_WARN = re.compile(r"WARNING: CPU: \d+ PID: \d+ at (\S+) (\S+)")
_BUGAT = re.compile(r"kernel BUG at (\S+)!")
_SMMU = re.compile(r"arm-smmu-v3 \S+: event (0x[0-9a-f]+) received")
_PANIC = re.compile(r"Kernel panic - not syncing: (.*)")


def classify(text):
    """Summarise the console: what the kernel did, where, and the first report's key fields."""
    # Only look at what happened after the scenario began (boot noise before it is not ours).
    begin = text.find("oopsy_lab: begin ")
    body = text[begin:] if begin >= 0 else text
    r = {"scenario_started": begin >= 0,
         "scenario_returned": "oopsy_lab: end " in body,
         "powered_off": "reboot: Power down" in body or "oopsy-lab: done" in body}
    fault = _FAULT.search(body)
    internal = _INTERNAL.search(body)
    bug = _BUGAT.search(body)
    warns = _WARN.findall(body)
    smmu = _SMMU.findall(body)
    panic = _PANIC.search(body)
    overflow = "Insufficient stack space to handle exception!" in body
    if fault:
        r["fault"] = {"kind": fault.group(1), "address": fault.group(2)}
    if internal:
        r["internal_error"] = {"kind": internal.group(1), "esr": internal.group(2)}
    if bug:
        r["bug_at"] = bug.group(1)
    if warns:
        r["warnings"] = [{"at": a, "function": f} for a, f in warns]
    if smmu:
        r["smmu_events"] = {e: smmu.count(e) for e in sorted(set(smmu))}
    if panic:
        r["panic"] = panic.group(1).strip()
    # pc / lr / call-trace head of the first oops report (or, without one, of the first
    # warning): the register dump that follows the marker.
    starts = [m.start() for m in (fault, internal, bug) if m]
    if overflow:
        starts.append(body.find("Insufficient stack space to handle exception!"))
    report_at = min(starts) if starts else (body.find("WARNING: CPU:") if warns else -1)
    if report_at >= 0:
        rest = body[report_at:]
        pc, lr = _PC.search(rest), _LR.search(rest)
        if pc:
            r["pc"] = pc.group(1)
        if lr:
            r["lr"] = lr.group(1)
        ct = rest.find("Call trace:")
        if ct >= 0:
            frames = []
            for line in rest[ct:].splitlines()[1:]:
                m = _FRAME.match(line.strip("\r"))
                if not m:
                    break
                frames.append(m.group(1))
                if len(frames) == 4:
                    break
            r["trace_head"] = frames
    if overflow:
        r["stack_overflow"] = True
    if internal or fault or bug or overflow:
        r["outcome"] = "oops"
    elif panic:
        r["outcome"] = "panic"
    elif warns:
        r["outcome"] = "warn"
    elif smmu:
        r["outcome"] = "smmu-fault"
    elif begin < 0:
        r["outcome"] = "not-run"
    else:
        r["outcome"] = "no-oops"
    return r
