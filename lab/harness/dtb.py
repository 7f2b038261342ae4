"""Minimal flattened-device-tree edit: drop one property from the nodes whose name starts with
a prefix, by overwriting the property with FDT_NOP tokens (the blob keeps its size)."""
import struct

FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9


def drop_property(blob, node_prefix, prop):
    b = bytearray(blob)
    magic, totalsize, off_struct, off_strings = struct.unpack_from(">IIII", b, 0)
    if magic != 0xD00DFEED:
        raise ValueError("not a flattened device tree")
    size_struct = struct.unpack_from(">I", b, 36)[0]

    def string(off):
        end = b.index(b"\0", off_strings + off)
        return b[off_strings + off:end].decode()

    pos, stack, dropped = off_struct, [], 0
    end_struct = off_struct + size_struct
    while pos < end_struct:
        tok = struct.unpack_from(">I", b, pos)[0]
        if tok == FDT_BEGIN_NODE:
            nend = b.index(b"\0", pos + 4)
            stack.append(b[pos + 4:nend].decode())
            pos = (nend + 1 + 3) & ~3
        elif tok == FDT_END_NODE:
            stack.pop()
            pos += 4
        elif tok == FDT_PROP:
            length, nameoff = struct.unpack_from(">II", b, pos + 4)
            total = 12 + ((length + 3) & ~3)
            if stack and stack[-1].startswith(node_prefix) and string(nameoff) == prop:
                for i in range(0, total, 4):
                    struct.pack_into(">I", b, pos + i, FDT_NOP)
                dropped += 1
            pos += total
        elif tok == FDT_NOP:
            pos += 4
        elif tok == FDT_END:
            break
        else:
            raise ValueError("bad FDT token %d at %d" % (tok, pos))
    # QEMU's dumpdtb pads the blob to 1 MiB; a kernel given that via -dtb does not boot
    # (nothing on the console), so cut it to the used size.
    size_strings = struct.unpack_from(">I", b, 32)[0]
    used = max(off_struct + size_struct, off_strings + size_strings)
    struct.pack_into(">I", b, 4, used)
    return bytes(b[:used]), dropped
