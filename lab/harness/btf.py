"""vmlinux BTF of an era, and the struct layouts the model uses, read with pahole.

The BTF blob is the kernel's .BTF section, which the arm64 Image carries verbatim and the
guest exposes as /sys/kernel/btf/vmlinux.  Debian's /boot/System.map is a stub, so the blob is
found by its header (magic 0xeb9f, version 1, 24-byte header) and checked against the guest:
lab/run boots the kernel once with lab_scenario=btf, the guest prints the size and sha256 of
/sys/kernel/btf/vmlinux, and both must match.
"""
import hashlib
import json
import re
import struct
import subprocess

BTF_HDR = b"\x9f\xeb\x01\x00\x18\x00\x00\x00"

# Structs the model uses.  Members whose type is one of EXPAND are also listed with dotted
# names (iovad.granule), offsets from the start of the outer struct.
STRUCTS = [
    "iommu_domain", "iommu_domain_geometry", "iommu_dma_cookie", "iova_domain", "iova_fq",
    "iommu_group", "group_device", "device", "dev_iommu", "iommu_fwspec", "scatterlist",
    "dma_map_ops", "iommu_ops", "iommu_domain_ops", "arm_smmu_domain", "arm_smmu_master",
    "mutex", "raw_spinlock", "timer_list", "list_head", "kobject",
]
EXPAND = {"iova_domain", "iommu_domain_geometry", "iommu_domain"}


def extract(image_path):
    with open(image_path, "rb") as f:
        data = f.read()
    found = []
    i = data.find(BTF_HDR)
    while i >= 0:
        type_off, type_len, str_off, str_len = struct.unpack_from("<IIII", data, i + 8)
        end = i + 24 + str_off + str_len
        if type_off == 0 and str_off == type_len and end <= len(data):
            found.append(data[i:end])
        i = data.find(BTF_HDR, i + 1)
    if len(found) != 1:
        raise RuntimeError("expected one BTF blob in %s, found %d" % (image_path, len(found)))
    return found[0]


def digest(blob):
    return hashlib.sha256(blob).hexdigest()


def pahole_version():
    try:
        return subprocess.run(["pahole", "--version"], stdout=subprocess.PIPE,
                              text=True).stdout.strip()
    except OSError:
        return None


def pahole_text(btf_path, name):
    r = subprocess.run(["pahole", "-F", "btf", "-C", name, btf_path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return r.stdout


_MEMBER = re.compile(r"^(?P<decl>.*?);\s*/\*\s*(?P<off>\d+)(?::\s*(?P<bit>\d+))?\s+(?P<size>\d+)\s*\*/")
_SIZE = re.compile(r"/\*\s*size:\s*(\d+),")


def _name_and_type(decl):
    decl = decl.strip()
    m = re.search(r"\(\*\s*(\w+)\)", decl)
    if m:
        return m.group(1), "fnptr", None
    bits = None
    m = re.match(r"^(.*?)\s*:\s*(\d+)$", decl)
    if m:
        decl, bits = m.group(1), int(m.group(2))
    m = re.match(r"^(.*?)(\w+)\s*((?:\[\d*\])*)$", decl)
    if not m:
        return None, None, None
    typ = (m.group(1) + m.group(3)).strip()
    return m.group(2), typ, bits


def parse(text):
    """Parse one `pahole -C` block: [(name, type, offset, size, bitoffset, bits)], size."""
    # pahole may print several definitions of the same name (one per compilation unit whose
    # type differs); keep the first and report how many there were.
    blocks = re.split(r"(?m)^(?=(?:struct|union) \w+ \{)", text.strip())
    blocks = [b for b in blocks if b.strip()]
    if not blocks:
        return None
    block = blocks[0]
    members, size, depth = [], None, 0
    for line in block.splitlines()[1:]:
        s = line.strip()
        if s.endswith("{"):
            depth += 1
            continue
        if s.startswith("}"):
            depth = max(0, depth - 1)
            continue
        m = _SIZE.search(s)
        if m and size is None and depth == 0:
            size = int(m.group(1))
            continue
        m = _MEMBER.match(s)
        if not m:
            continue
        name, typ, bits = _name_and_type(m.group("decl"))
        if not name:
            continue
        members.append({"name": name, "type": typ, "offset": int(m.group("off")),
                        "size": int(m.group("size")),
                        "bit": int(m.group("bit")) if m.group("bit") is not None else None,
                        "bits": bits})
    return {"size": size, "members": members, "definitions": len(blocks)}


def layouts(btf_path):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = parse(pahole_text(btf_path, name))
        return cache[name]

    out, missing = {}, []
    for name in STRUCTS:
        st = get(name)
        if not st:
            missing.append(name)
            continue
        fields, bitfields = {}, {}
        for mem in st["members"]:
            if mem["name"] not in fields:
                fields[mem["name"]] = mem["offset"]
            if mem["bit"] is not None:
                bitfields[mem["name"]] = {"byte": mem["offset"], "bit": mem["bit"],
                                          "bits": mem["bits"]}
            m = re.match(r"^struct (\w+)$", mem["type"] or "")
            if m and m.group(1) in EXPAND:
                inner = get(m.group(1))
                for im in (inner or {}).get("members", []):
                    key = "%s.%s" % (mem["name"], im["name"])
                    if key not in fields:
                        fields[key] = mem["offset"] + im["offset"]
        entry = {"size": st["size"], "fields": fields}
        if bitfields:
            entry["bitfields"] = bitfields
        if st["definitions"] > 1:
            entry["definitions_in_btf"] = st["definitions"]
        out[name] = entry
    return out, missing


def write_layouts(btf_path, path, meta):
    lay, missing = layouts(btf_path)
    doc = dict(lay)
    doc["_meta"] = dict(meta, missing=missing, pahole=pahole_version(),
                        note="offsets in bytes from the start of each struct; dotted names "
                             "are members of embedded structs; bitfields give byte+bit")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    return lay, missing
