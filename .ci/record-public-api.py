#!/usr/bin/env python3
"""Records the library's new public API in src/TinyNets/PublicAPI.Unshipped.txt.

Builds the library, collects the symbols the PublicApiAnalyzers report as undeclared (RS0016) and adds them, and drops
the lines of symbols that no longer exist (RS0017), keeping the file sorted. Review the diff: it is the API change.

usage: .ci/record-public-api.py
"""
import re
import subprocess
import sys

PROJECT = "src/TinyNets/TinyNets.csproj"
UNSHIPPED = "src/TinyNets/PublicAPI.Unshipped.txt"

def main():
    build = subprocess.run(
        ["dotnet", "build", PROJECT, "-c", "Release", "--no-incremental", "-p:TreatWarningsAsErrors=false"],
        capture_output=True, text=True)
    output = build.stdout + build.stderr
    added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", output))
    removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", output))
    lines = open(UNSHIPPED, encoding="utf-8").read().splitlines()
    header, body = lines[:1], [l for l in lines[1:] if l.strip()]
    body = sorted((set(body) - removed) | added, key=lambda l: (l.lower().lstrip("*"), l))
    with open(UNSHIPPED, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header + body) + "\n")
    print(f"public API: {len(added)} added, {len(removed)} removed")
    others = [l for l in output.splitlines() if re.search(r"error (?!RS001[67])", l)]
    if others:
        print("\n".join(sorted(set(others))[:20]))
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
