#!/usr/bin/env python3
"""Turns the C# examples of the README and the articles into source files, so that CI compiles them against the packed
library.

Each ```csharp block becomes a static method of its own class, its `using` lines (and the first example's, which the
README says the others build on) at the top of its file, with the SDK's implicit usings of a new console app. A block
that continues an earlier one declares the variables it uses in an HTML comment just before it, which GitHub does not
show: <!-- readme-example: Sequential net, Matrix<double> x -->. <!-- readme-example: skip --> leaves a block out (the
ONNX Runtime snippet, which the unit tests run instead).

usage: readme-examples.py OUTPUT_FOLDER FILE.md...
"""
import os
import re
import sys

IMPLICIT = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Threading", "System.Threading.Tasks"]

def main(folder, files):
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        os.remove(os.path.join(folder, old))
    written = sum(write(folder, path, index) for index, path in enumerate(files, 1))
    print(f"examples: {written} from {len(files)} files written to {folder}")
    return 0 if written else 1

def write(folder, readme, file_number):
    text = open(readme, encoding="utf-8").read()
    source = readme.replace("\\", "/")
    # #line names the file by its full path: the compiler opens it when it embeds the sources of the PDB.
    line_file = os.path.abspath(readme).replace("\\", "/")
    blocks = re.finditer(r"(?:<!-- readme-example: (?P<decl>[^\n]*?) -->\s*\n)?```csharp\n(?P<code>.*?)\n```", text, re.S)
    base = None
    written = 0
    for number, block in enumerate(blocks, 1):
        decl = (block.group("decl") or "").strip()
        lines = block.group("code").split("\n")
        usings = [l for l in lines if re.match(r"^using [A-Za-z0-9_.]+;", l)]
        body = [l for l in lines if l not in usings]
        if base is None:
            base = usings
        if decl == "skip":
            continue
        line = text.count("\n", 0, block.start("code")) + 1
        names = list(dict.fromkeys([f"using {u};" for u in IMPLICIT] + [u.split("//")[0].strip() for u in base + usings]))
        out = [f"// Generated from {source}, example {number} (line {line}); do not edit.", "#pragma warning disable CS0168, CS0219, CS8321, IDE0059, CA1822, CA1861"]
        out += names
        out += ["", f"internal static class Example{file_number}_{number}", "{", f"    public static void Run({decl})", "    {"]
        out += [f"#line {line + i} \"{line_file}\"\n        {l}" if l.strip() else "" for i, l in enumerate(lines) if l in body]
        out += ["#line default", "    }", "}", ""]
        with open(os.path.join(folder, f"Example{file_number}_{number}.cs"), "w", encoding="utf-8") as f:
            f.write("\n".join(out))
        written += 1
    return written

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
