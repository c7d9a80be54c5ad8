#!/usr/bin/env bash
# Renders the README's picture of a worked solution: sheet 004 as a LaTeX document (worked-solution-sheet004.cs) on
# one tall page (geometry), compiled with pdfLaTeX (Debian: texlive-latex-base) and turned into a PNG with pdftoppm
# (Debian: poppler-utils).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet run "$here/worked-solution-sheet004.cs" -- "$work/sheet004.tex"
sed -i 's/^\\usepackage{amsmath}$/\\usepackage{amsmath}\n\\usepackage[paperwidth=15.5cm,paperheight=34.5cm,margin=0.7cm]{geometry}\n\\pagestyle{empty}/' "$work/sheet004.tex"
(cd "$work" && pdflatex -interaction=nonstopmode -halt-on-error sheet004.tex > /dev/null)
pdftoppm -r 110 -png -singlefile "$work/sheet004.pdf" "$here/worked-solution-sheet004"
echo "wrote $here/worked-solution-sheet004.png"
