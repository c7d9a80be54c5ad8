#!/usr/bin/env python3
"""Marks version needs of an ELF64 shared library as weak (VER_FLG_WEAK), in place.

Why: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so declares a need for the
symbol version GLIBCXX_3.4.32, while Debian 12 ships libstdc++ up to GLIBCXX_3.4.30. The dynamic loader then refuses
the library ("version `GLIBCXX_3.4.32' not found"), which TorchSharp reports as a misleading message about
libtorch-cpu-linux-x64. The only symbol tied to that version, _ZSt21ios_base_library_initv, has no relocation, so it
is never bound: with the need marked weak, glibc's loader accepts the library when the version is missing and uses
the real one when it is present.

Usage: weaken_version_need.py LIBRARY VERSION [VERSION...]
Idempotent: a need already weak is left as it is; the file is rewritten only when a flag changes, and its
modification time is kept so MSBuild's incremental copy does not copy the original over it again.
Refuses (exit 2) when a symbol with one of those versions is the target of a relocation, i.e. could be bound.
"""
import os
import struct
import sys

SHT_RELA, SHT_REL, SHT_DYNSYM, SHT_GNU_VERSYM, SHT_GNU_VERNEED = 4, 9, 11, 0x6FFFFFFF, 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def cstr(data, offset):
    end = data.index(b"\0", offset)
    return data[offset:end].decode("ascii", "replace")


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: weaken_version_need.py LIBRARY VERSION [VERSION...]", file=sys.stderr)
        return 64
    path, versions = argv[1], set(argv[2:])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        print(f"weaken_version_need: {path} is not a little-endian ELF64 file", file=sys.stderr)
        return 2

    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = []
    for i in range(shnum):
        name, stype, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
            "<IIQQQQIIQQ", data, shoff + i * shentsize)
        sections.append((stype, offset, size, link, info, entsize))

    verneed = [s for s in sections if s[0] == SHT_GNU_VERNEED]
    if not verneed:
        print(f"weaken_version_need: {path} has no .gnu.version_r section; nothing to do")
        return 0
    _, vn_off, _, vn_link, vn_count, _ = verneed[0]
    strtab = sections[vn_link][1]

    changed, found, indices = [], [], set()
    entry = vn_off
    for _ in range(vn_count):
        vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
        aux = entry + vn_aux
        for _ in range(vn_cnt):
            vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", data, aux)
            name = cstr(data, strtab + vna_name)
            if name in versions:
                found.append(name)
                indices.add(vna_other)
                if not vna_flags & VER_FLG_WEAK:
                    struct.pack_into("<H", data, aux + 4, vna_flags | VER_FLG_WEAK)
                    changed.append(name)
            aux += vna_next
        if vn_next == 0:
            break
        entry += vn_next

    # Safety: no relocation may refer to a dynamic symbol carrying one of these versions.
    versym = [s for s in sections if s[0] == SHT_GNU_VERSYM]
    if indices and versym:
        vs_off, vs_size = versym[0][1], versym[0][2]
        tied = {i for i in range(vs_size // 2) if (struct.unpack_from("<H", data, vs_off + 2 * i)[0] & 0x7FFF) in indices}
        for stype, offset, size, link, info, entsize in sections:
            if stype not in (SHT_RELA, SHT_REL) or sections[link][0] != SHT_DYNSYM or entsize == 0:
                continue
            for r in range(size // entsize):
                r_info, = struct.unpack_from("<Q", data, offset + r * entsize + 8)
                if (r_info >> 32) in tied:
                    print(f"weaken_version_need: {path}: a relocation binds a symbol of {sorted(set(found))}; "
                          "refusing to mark it weak", file=sys.stderr)
                    return 2

    missing = versions - set(found)
    if missing:
        print(f"weaken_version_need: {path} needs no version {sorted(missing)}; nothing to do for it")
    if changed:
        stat = os.stat(path)
        with open(path, "r+b") as f:
            f.write(data)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        print(f"weaken_version_need: marked {', '.join(changed)} weak in {path}")
    elif found:
        print(f"weaken_version_need: {', '.join(found)} already weak in {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
