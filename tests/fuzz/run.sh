#!/usr/bin/env bash
# Runs one AFL++ campaign on one fuzz target: publishes the harness, instruments TinyNets.dll with SharpFuzz, starts
# afl-fuzz from the committed corpus and the generated seeds, stops after the given number of executions, then
# minimises the corpus with afl-cmin and writes it back to tests/fuzz/corpus/<target>/.
#
#   tests/fuzz/run.sh <onnx|safetensors|modelfile|delimited> [execs]     (default: 1000000 executions)
#
# Needs the .NET SDK, AFL++ (afl-fuzz, afl-cmin; Debian: apt-get install afl++) and 'dotnet tool restore'.
# Exits non-zero when the campaign found a crash or a hang; those inputs stay in tests/fuzz/out/<target>/findings/.
# Environment: FUZZ_TIMEOUT_MS (per execution, default 5000), FUZZ_NICE (default 19), FUZZ_CORPUS_MAX (default 50).
set -euo pipefail

target="${1:?usage: run.sh <onnx|safetensors|modelfile|delimited> [execs]}"
execs="${2:-1000000}"
case "$target" in onnx | safetensors | modelfile | delimited) ;; *) echo "unknown target '$target'" >&2; exit 2 ;; esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$here/out/$target"
publish="$out/publish"
corpus="$here/corpus/$target"
timeout_ms="${FUZZ_TIMEOUT_MS:-5000}"
nice_level="${FUZZ_NICE:-19}"

# A previous campaign's crashes and hangs are kept (in out/<target>-findings-<time>/) before its folder is cleared.
for kind in crashes hangs; do
    if compgen -G "$out/findings/default/$kind/id:*" >/dev/null; then
        keep="$here/out/$target-findings-$(date -r "$out/findings/default/fuzzer_stats" +%Y%m%d-%H%M%S 2>/dev/null || date +%Y%m%d-%H%M%S)"
        mkdir -p "$keep"
        cp -r "$out/findings/default/$kind" "$keep/"
        echo "kept the previous campaign's $kind in $keep/$kind" >&2
    fi
done
rm -rf "$out"
mkdir -p "$out" "$corpus"

# 1. Publish the harness; instrument the library after writing the seeds (only TinyNets.dll: the code under test,
#    including the generated ONNX protobuf classes; MathNet, Google.Protobuf and the runtime are not instrumented).
(cd "$repo" && dotnet tool restore >/dev/null)
nice -n "$nice_level" dotnet publish "$here/TinyNets.Fuzz/TinyNets.Fuzz.csproj" -c Release -o "$publish" -nologo -v quiet

# 2. The starting inputs: the committed corpus plus freshly generated seeds (same names overwrite: the seeds are what
#    the current writers produce).
#    Seeds come from the library's writers, so they are written before instrumenting (instrumented code writes to
#    afl-fuzz's shared memory and only runs under it).
"$publish/TinyNets.Fuzz" seeds "$out/seeds"
(cd "$repo" && dotnet sharpfuzz "$publish/TinyNets.dll")
mkdir -p "$out/in"
cp "$corpus"/. "$out/in/" -r 2>/dev/null || true
cp "$out/seeds/$target"/* "$out/in/"
# afl-fuzz refuses an empty file as a starting input; the empty input is covered by the replay tests.
find "$out/in" -type f -empty -delete

export AFL_SKIP_BIN_CHECK=1          # the harness is a .NET app host, not an AFL-compiled binary
export AFL_NO_AFFINITY=1             # a shared machine: do not pin to a core
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_NO_UI=1
export AFL_FORKSRV_INIT_TMOUT=60000  # the .NET runtime's start under nice can take seconds

# 3. The campaign: persistent (SharpFuzz's out-of-process fork server), no memory limit (the runtime reserves a lot of
#    address space; the targets enforce their own memory bound), -E: stop after about $execs executions.
nice -n "$nice_level" afl-fuzz -i "$out/in" -o "$out/findings" -m none -t "$timeout_ms" -E "$execs" \
    -- "$publish/TinyNets.Fuzz" "$target" | tee "$out/afl.log" | grep -E "^\[[!-]\]|execs|finished" || true

stats="$out/findings/default/fuzzer_stats"
grep -E "^(start_time|last_update|run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg|afl_version)\b" "$stats" | tee "$out/summary.txt"
crashes="$(awk -F: '/^saved_crashes/ {gsub(/ /, "", $2); print $2}' "$stats")"
hangs="$(awk -F: '/^saved_hangs/ {gsub(/ /, "", $2); print $2}' "$stats")"

# 4. Minimise: the committed corpus, the seeds and what the fuzzer found, reduced by afl-cmin to the inputs that keep
#    every edge and hit count, then by a greedy edge cover (cover.py) to at most FUZZ_CORPUS_MAX inputs (default 50),
#    so that the committed corpus stays tens of files. New inputs are named by their content's hash.
mkdir -p "$out/all"
cp "$out/in"/* "$out/all/"
for f in "$out/findings/default/queue"/id:*; do
    [ -f "$f" ] || continue
    cp "$f" "$out/all/afl-$(sha256sum "$f" | cut -c1-16)"
done
# Drop content duplicates (a queue entry equal to a seed), keeping the first name in sort order.
(cd "$out/all" && sha256sum -- * | sort -k1,1 -s | awk 'seen[$1]++ {print $2}' | xargs -r rm --)
nice -n "$nice_level" afl-cmin -i "$out/all" -o "$out/cmin" -m none -t "$timeout_ms" \
    -- "$publish/TinyNets.Fuzz" "$target" >"$out/cmin.log" 2>&1 || { tail -20 "$out/cmin.log"; exit 1; }
nice -n "$nice_level" afl-showmap -e -q -i "$out/cmin" -o "$out/maps" -m none -t "$timeout_ms" \
    -- "$publish/TinyNets.Fuzz" "$target" >/dev/null 2>&1
python3 "$here/cover.py" "$out/cmin" "$out/maps" "$out/cover" "${FUZZ_CORPUS_MAX:-50}" | tee -a "$out/summary.txt"
rm -f "$corpus"/*
cp "$out/cover"/* "$corpus/"
echo "corpus/$target: $(ls "$corpus" | wc -l) files, $(du -sb "$corpus" | cut -f1) bytes" | tee -a "$out/summary.txt"

if [ "${crashes:-0}" != "0" ] || [ "${hangs:-0}" != "0" ]; then
    echo "FOUND: $crashes crash(es), $hangs hang(s) in $out/findings/default/{crashes,hangs}" >&2
    exit 1
fi
