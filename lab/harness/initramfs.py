"""Build the busybox initramfs (newc cpio, gzip) for one era.

Written in Python so that the archive needs no root (device nodes are cpio entries) and is
byte-for-byte reproducible (fixed mtimes, sorted entries).
"""
import gzip
import lzma
import os
import stat

INIT = r"""#!/bin/busybox sh
# oopsy lab /init: mount, load the modules the scenario needs, drive it, power off.
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev 2>/dev/null
/bin/busybox --install -s /bin
export PATH=/bin
S="${lab_scenario:-none}"
echo "oopsy-lab: init: kernel $(uname -r), scenario $S"
if [ "$S" = btf ]; then
    if [ -r /sys/kernel/btf/vmlinux ]; then
        echo "oopsy-lab: btf size $(wc -c < /sys/kernel/btf/vmlinux) sha256 $(sha256sum /sys/kernel/btf/vmlinux | cut -d' ' -f1)"
    else
        echo "oopsy-lab: btf missing"
    fi
    poweroff -f
fi
for m in $(cat "/lab/sc/$S.modules" 2>/dev/null); do
    insmod "/lab/mod/$m" || echo "oopsy-lab: insmod $m failed"
done
insmod /lab/oopsy_lab.ko scenario="$S"
echo "oopsy-lab: insmod oopsy_lab returned $?"
if [ -r "/lab/sc/$S.after" ]; then
    . "/lab/sc/$S.after"
fi
echo "oopsy-lab: done, powering off"
poweroff -f
"""


class Cpio:
    def __init__(self):
        self.entries = {}  # path -> (mode, data, rdev)

    def dir(self, path):
        self.entries[path] = (stat.S_IFDIR | 0o755, b"", (0, 0))

    def file(self, path, data, mode=0o644):
        parts = path.split("/")
        for i in range(1, len(parts)):
            d = "/".join(parts[:i])
            if d and d not in self.entries:
                self.dir(d)
        self.entries[path] = (stat.S_IFREG | mode, data, (0, 0))

    def chardev(self, path, major, minor, mode=0o600):
        self.entries[path] = (stat.S_IFCHR | mode, b"", (major, minor))

    def symlink(self, path, target):
        self.entries[path] = (stat.S_IFLNK | 0o777, target.encode(), (0, 0))

    def build(self):
        out = bytearray()
        ino = 1
        for path in sorted(self.entries) + ["TRAILER!!!"]:
            if path == "TRAILER!!!":
                mode, data, (ma, mi) = 0, b"", (0, 0)
            else:
                mode, data, (ma, mi) = self.entries[path]
            name = path.encode() + b"\0"
            nlink = 2 if stat.S_ISDIR(mode) else 1
            hdr = "070701" + "".join("%08x" % v for v in (
                ino, mode, 0, 0, nlink, 0, len(data), 0, 0, ma, mi, len(name), 0))
            out += hdr.encode() + name
            out += b"\0" * ((4 - len(out) % 4) % 4)
            out += data
            out += b"\0" * ((4 - len(out) % 4) % 4)
            ino += 1
        return bytes(out)


def _read_module(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".xz"):
        data = lzma.decompress(data)
    elif path.endswith(".gz"):
        data = gzip.decompress(data)
    elif path.endswith(".zst"):
        raise RuntimeError("zstd-compressed modules are not supported: %s" % path)
    return data


def module_closure(moddir, names):
    """Module files (relative to moddir) to insmod, dependencies first, from modules.dep.

    names are module names ("virtio_pci"); '-' and '_' are equivalent.  Names that are built
    in (modules.builtin) are skipped.
    """
    dep = {}
    byname = {}
    with open(os.path.join(moddir, "modules.dep")) as f:
        for line in f:
            path, _, rest = line.partition(":")
            path = path.strip()
            dep[path] = rest.split()
            base = os.path.basename(path).split(".ko")[0].replace("-", "_")
            byname[base] = path
    builtin = set()
    bpath = os.path.join(moddir, "modules.builtin")
    if os.path.exists(bpath):
        with open(bpath) as f:
            for line in f:
                builtin.add(os.path.basename(line.strip()).split(".ko")[0].replace("-", "_"))
    order, seen = [], set()

    def visit(path):
        if path in seen:
            return
        seen.add(path)
        # modules.dep lists all (transitive) dependencies; load them in reverse order.
        for d in reversed(dep.get(path, [])):
            visit(d)
        order.append(path)

    for n in names:
        key = n.replace("-", "_")
        if key in byname:
            visit(byname[key])
        elif key in builtin:
            continue
        else:
            raise RuntimeError("module %s neither in modules.dep nor built in" % n)
    return order


def build(out_path, busybox, lab_module, moddir, scenarios, extra_files=None):
    """scenarios: {name: {"modules": [...], "after": "sh text" or None}}"""
    c = Cpio()
    for d in ("bin", "dev", "proc", "sys", "tmp", "lab", "lab/mod", "lab/sc"):
        c.dir(d)
    c.chardev("dev/console", 5, 1)
    c.chardev("dev/null", 1, 3, 0o666)
    with open(busybox, "rb") as f:
        c.file("bin/busybox", f.read(), 0o755)
    c.symlink("bin/sh", "busybox")
    c.file("init", INIT.encode(), 0o755)
    with open(lab_module, "rb") as f:
        c.file("lab/oopsy_lab.ko", f.read())
    loaded = {}
    for name, sc in sorted(scenarios.items()):
        files = module_closure(moddir, sc.get("modules", []))
        short = []
        for rel in files:
            base = os.path.basename(rel)
            for ext in (".xz", ".gz"):
                if base.endswith(ext):
                    base = base[: -len(ext)]
            if base not in loaded:
                loaded[base] = rel
                c.file("lab/mod/" + base, _read_module(os.path.join(moddir, rel)))
            short.append(base)
        c.file("lab/sc/%s.modules" % name, ("\n".join(short) + "\n").encode())
        if sc.get("after"):
            c.file("lab/sc/%s.after" % name, sc["after"].encode())
    for path, data in (extra_files or {}).items():
        c.file(path, data)
    data = gzip.compress(c.build(), compresslevel=6, mtime=0)
    with open(out_path, "wb") as f:
        f.write(data)
    return {"modules": sorted(loaded.values()), "bytes": len(data)}
