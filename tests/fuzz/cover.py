#!/usr/bin/env python3
"""Greedy set cover of afl-showmap traces: keeps the fewest inputs that together reach every edge the inputs reach.

afl-cmin keeps the smallest input for each edge, which still leaves hundreds of files after a long campaign; the
committed corpus should be tens of files. Here, repeatedly, the input adding the most unreached edges is kept (ties:
the smaller file, then the name), until no input adds any or <max> are kept (the first ones kept reach the most).

    cover.py <inputs-dir> <maps-dir> <output-dir> <max>    (maps-dir: afl-showmap -e -i <inputs-dir> -o <maps-dir>)
"""
import os
import shutil
import sys


def main(inputs, maps, output, most):
    traces = {}
    for name in sorted(os.listdir(maps)):
        if not os.path.isfile(os.path.join(inputs, name)):
            continue
        with open(os.path.join(maps, name)) as f:
            traces[name] = {line.split(':')[0] for line in f if line.strip()}
    sizes = {name: os.path.getsize(os.path.join(inputs, name)) for name in traces}
    reached, kept = set(), []
    while len(kept) < int(most):
        best = min(traces, key=lambda n: (-len(traces[n] - reached), sizes[n], n), default=None)
        if best is None or not traces[best] - reached:
            break
        reached |= traces.pop(best)
        kept.append(best)
    os.makedirs(output, exist_ok=True)
    for name in kept:
        shutil.copy(os.path.join(inputs, name), os.path.join(output, name))
    everything = reached.union(*traces.values())
    print(f"kept {len(kept)} inputs reaching {len(reached)} of the {len(everything)} edges the inputs reach")


if __name__ == '__main__':
    main(*sys.argv[1:5])
