"""Fetch and unpack the Debian packages of one kernel era through a lab-local apt setup.

Nothing here touches the machine's /etc/apt: every apt-get / apt-cache call gets its own
sources.list, state and cache directories under lab/.cache/<era>/apt via `-o Dir::...`.
"""
import json
import os
import re
import shutil
import subprocess
import time

DEB = "http://deb.debian.org/debian"
SEC = "http://deb.debian.org/debian-security"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"

# Per era: the suites to index, and how the newest image of the era is recognised.
# `abi` is the group of the regex that orders the candidates (compared numerically).
ERAS = {
    "5.10": {
        "suites": [(DEB, "bullseye"), (DEB, "bullseye-updates"), (SEC, "bullseye-security")],
        "image_re": r"^linux-image-(5\.10\.0-(\d+)-arm64)$",
    },
    "6.1": {
        "suites": [(DEB, "bookworm"), (DEB, "bookworm-updates"), (SEC, "bookworm-security")],
        "image_re": r"^linux-image-(6\.1\.0-(\d+)-arm64)$",
    },
    "6.12": {
        # busybox-static comes from bookworm itself.
        "suites": [(DEB, "bookworm"), (DEB, "bookworm-backports"), (SEC, "bookworm-security")],
        "image_re": r"^linux-image-(6\.12\.(\d+)\+deb12-arm64)$",
    },
}


class Apt:
    def __init__(self, era, cache):
        self.era = era
        self.dir = os.path.join(cache, era, "apt")
        self.sources = os.path.join(self.dir, "sources.list")
        self.state = os.path.join(self.dir, "state")
        self.cachedir = os.path.join(self.dir, "cache")

    def opts(self):
        return [
            "-o", "Dir::Etc::SourceList=" + self.sources,
            "-o", "Dir::Etc::SourceParts=" + os.path.join(self.dir, "sources.list.d"),
            "-o", "Dir::Etc::Preferences=" + os.path.join(self.dir, "preferences"),
            "-o", "Dir::Etc::PreferencesParts=" + os.path.join(self.dir, "preferences.d"),
            "-o", "Dir::State=" + self.state,
            "-o", "Dir::State::status=" + os.path.join(self.state, "status"),
            "-o", "Dir::Cache=" + self.cachedir,
            "-o", "APT::Architecture=amd64",
            "-o", "APT::Architectures=amd64,arm64",
            "-o", "Acquire::Languages=none",
            "-o", "Acquire::Retries=3",
            "-o", "Acquire::http::Timeout=60",
            "-o", "APT::Sandbox::User=root",
            "-q",
        ]

    def setup(self):
        for d in ("sources.list.d", "preferences.d", "state/lists/partial",
                  "cache/archives/partial"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        open(os.path.join(self.state, "status"), "a").close()
        open(os.path.join(self.dir, "preferences"), "a").close()
        with open(self.sources, "w") as f:
            for uri, suite in ERAS[self.era]["suites"]:
                f.write("deb [arch=amd64,arm64 signed-by=%s] %s %s main\n" % (KEYRING, uri, suite))

    def run(self, tool, *args, cwd=None):
        cmd = [tool] + self.opts() + list(args)
        r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode != 0:
            raise RuntimeError("%s failed (%d):\n%s" % (" ".join(cmd), r.returncode, r.stderr))
        return r.stdout

    def update(self):
        self.run("apt-get", "update")

    def show(self, pkg):
        """Fields of the candidate version of pkg (first stanza of apt-cache show)."""
        out = self.run("apt-cache", "show", "--no-all-versions", pkg)
        fields, key = {}, None
        for line in out.splitlines():
            if not line.strip():
                if fields:
                    break
                continue
            if line[0] in " \t" and key:
                fields[key] += "\n" + line.strip()
                continue
            key, _, val = line.partition(":")
            fields[key] = val.strip()
        return fields

    def pkgnames(self, prefix):
        return self.run("apt-cache", "pkgnames", prefix).split()


def _images(apt, era, abi=None):
    """Image package names of the era, newest ABI first."""
    rx = re.compile(ERAS[era]["image_re"])
    found = []
    for name in set(apt.pkgnames("linux-image-" + era + ".")):
        m = rx.match(name)
        if not m:
            continue
        n = int(m.group(2))
        if abi is not None and n != int(abi):
            continue
        found.append((n, m.group(1)))
    if not found:
        raise RuntimeError("no linux-image for era %s (abi %s) in %s" % (era, abi, apt.sources))
    return [k for _, k in sorted(found, reverse=True)]


def _dep_names(depends):
    out = []
    for alt in depends.split(","):
        first = alt.split("|")[0].strip()
        name = first.split(" ")[0].split(":")[0]
        out.append(name)
    return out


def _candidates(apt, pkg):
    """Versions of pkg (name:arch) the indexes list, newest first (apt's order)."""
    out = apt.run("apt-cache", "madison", pkg)
    vers = []
    for line in out.splitlines():
        parts = [x.strip() for x in line.split("|")]
        if len(parts) >= 3 and parts[1] not in vers:
            vers.append(parts[1])
    return vers


def _download(apt, name, arch, versions, debs, log):
    err = None
    for ver in versions:
        spec = "%s:%s=%s" % (name, arch, ver) if arch != "all" else "%s=%s" % (name, ver)
        try:
            apt.run("apt-get", "download", spec, cwd=debs)
        except RuntimeError as e:
            err = e
            continue
        fn = "%s_%s_%s.deb" % (name, ver.replace(":", "%3a"), arch)
        if not os.path.exists(os.path.join(debs, fn)):
            raise RuntimeError("apt-get download %s did not leave %s" % (spec, fn))
        log("  got %s" % fn)
        return {"name": name, "arch": arch, "version": ver, "file": fn,
                "size": os.path.getsize(os.path.join(debs, fn))}
    raise RuntimeError("cannot download %s:%s (%s): %s" % (name, arch, versions, err))


def _download_set(apt, kver, debs, log):
    image = apt.show("linux-image-%s:arm64" % kver)
    headers = apt.show("linux-headers-%s:arm64" % kver)
    ver = headers["Version"]
    deps = _dep_names(headers.get("Depends", ""))
    common = [d for d in deps if d.startswith("linux-headers-") and d.endswith("-common")]
    kbuild = [d for d in deps if d.startswith("linux-kbuild-")]
    if len(common) != 1 or len(kbuild) != 1:
        raise RuntimeError("cannot find -common / kbuild among %s" % deps)
    pkgs = [
        _download(apt, "linux-image-%s" % kver, "arm64", [image["Version"]], debs, log),
        _download(apt, "linux-headers-%s" % kver, "arm64", [ver], debs, log),
        _download(apt, common[0], "all", [ver], debs, log),
        # The host (amd64) build scripts must match the headers' version exactly.
        _download(apt, kbuild[0], "amd64", [ver], debs, log),
        _download(apt, "busybox-static", "arm64", _candidates(apt, "busybox-static:arm64"),
                  debs, log),
    ]
    pkgs[0]["source"] = image.get("Source", "")
    return pkgs


def fetch(era, cache, abi=None, refresh=False, log=print):
    """Make sure the era's packages are downloaded and unpacked.

    Returns the manifest: {"kver", "packages": [{name, arch, version, file, sha256?}], "root"}.
    A manifest already on disk with all its files present is reused without network access
    unless refresh is set.
    """
    base = os.path.join(cache, era)
    manifest_path = os.path.join(base, "manifest.json")
    root = os.path.join(base, "root")
    if not refresh and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            man = json.load(f)
        ok = all(os.path.exists(os.path.join(base, "debs", p["file"])) for p in man["packages"])
        if ok and os.path.exists(os.path.join(root, ".unpacked")) and \
                (abi is None or man.get("abi") == str(abi)):
            man["cached"] = True
            return man
    t0 = time.time()
    apt = Apt(era, cache)
    apt.setup()
    log("[%s] apt-get update (lab-local sources: %s)" % (era, apt.sources))
    apt.update()
    debs = os.path.join(base, "debs")
    os.makedirs(debs, exist_ok=True)
    skipped = []
    pkgs = None
    for kver in _images(apt, era, abi):
        try:
            pkgs = _download_set(apt, kver, debs, log)
            break
        except RuntimeError as e:
            # The index can list packages the mirror does not serve (seen: bullseye-security
            # pool files answer 404 here).  Fall back to the next ABI and say so.
            log("[%s] %s not downloadable, trying an older ABI: %s" % (era, kver, str(e)[-300:]))
            skipped.append({"kver": kver, "error": str(e).strip().splitlines()[-1][:300]})
    if pkgs is None:
        raise RuntimeError("no ABI of era %s could be downloaded" % era)
    abi_num = re.match(ERAS[era]["image_re"], "linux-image-" + kver).group(2)
    files = os.listdir(debs)
    # Remove stale debs of other versions so the cache holds exactly one set.
    keep = {p["file"] for p in pkgs}
    for fn in files:
        if fn.endswith(".deb") and fn not in keep:
            os.remove(os.path.join(debs, fn))
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    for p in pkgs:
        subprocess.run(["dpkg-deb", "-x", os.path.join(debs, p["file"]), root], check=True)
    open(os.path.join(root, ".unpacked"), "w").close()
    man = {"era": era, "kver": kver, "abi": abi_num, "packages": pkgs,
           "skipped_newer": skipped,
           "suites": ["%s %s" % s for s in ERAS[era]["suites"]],
           "fetch_seconds": round(time.time() - t0, 1)}
    with open(manifest_path, "w") as f:
        json.dump(man, f, indent=2)
    man["cached"] = False
    log("[%s] fetched %s in %.1fs" % (era, kver, time.time() - t0))
    return man
