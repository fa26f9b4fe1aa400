#!/usr/bin/env bash
# Side-by-side throughput: rasd dedupe (near-duplicate + story assignment) vs Python datasketch
# MinHashLSH (near-duplicate only) with the same words, shingles, permutations and LSH threshold.
#
#   bench/dedupe/run.sh [SYNTH_SIZE]      (default 100000; 0 = shared corpus only)
#
# Env: RASD (path of a release `rasd` binary; default: build it), DEDUPE_CLI (path of the
#      rasd-dedupe `dedupe_cli` example binary, same code), RASD_SHARED (shared data dir),
#      CARGO_TARGET_DIR (used when building).
set -euo pipefail
cd "$(dirname "$0")/../.."
SYNTH="${1:-100000}"

if [[ ! -x bench/.venv/bin/python ]]; then
  python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install -q --disable-pip-version-check datasketch

if [[ -n "${RASD:-}" ]]; then
  BENCH=("$RASD" bench dedupe)
elif [[ -n "${DEDUPE_CLI:-}" ]]; then
  BENCH=("$DEDUPE_CLI" bench)
elif cargo build --release -q -p rasd-cli; then
  BENCH=("${CARGO_TARGET_DIR:-target}/release/rasd" bench dedupe)
else
  # The workspace CLI may be mid-change; the dedupe crate's example runs the same command code.
  echo "rasd-cli did not build; using the rasd-dedupe dedupe_cli example" >&2
  cargo build --release -q -p rasd-dedupe --example dedupe_cli
  BENCH=("${CARGO_TARGET_DIR:-target}/release/examples/dedupe_cli" bench)
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# rasd exports exactly the words it shingles (normalized text, ingest order) and its parameters,
# then times its own run on the same documents.
"${BENCH[@]}" --synth "$SYNTH" --export-dir "$tmp" --json > "$tmp/rust.jsonl"

P="$tmp/params.json"
param() { bench/.venv/bin/python -c "import json,sys; print(json.load(open('$P'))['$1'])"; }
args=(--shingle "$(param shingle)" --num-perm "$(param num_perm)"
      --candidate-threshold "$(param candidate_threshold)" --jaccard "$(param jaccard)"
      --containment "$(param containment)" --containment-min-jaccard "$(param containment_min_jaccard)")

bench/.venv/bin/python bench/dedupe/baseline.py "$tmp/corpus.jsonl" "${args[@]}" --label corpus > "$tmp/py.jsonl"
if [[ "$SYNTH" != "0" ]]; then
  bench/.venv/bin/python bench/dedupe/baseline.py "$tmp/synth.jsonl" "${args[@]}" --label synth >> "$tmp/py.jsonl"
fi

bench/.venv/bin/python - "$tmp/rust.jsonl" "$tmp/py.jsonl" "$P" <<'PY'
import json, sys
rust = {r["label"]: r for r in map(json.loads, open(sys.argv[1]))}
py = {r["label"]: r for r in map(json.loads, open(sys.argv[2]))}
p = json.load(open(sys.argv[3]))
print(f"shingles: {p['shingle']} words, {p['num_perm']} permutations, LSH {p['bands']}x{p['rows']} "
      f"(candidate threshold {p['candidate_threshold']:.2f}); duplicate if J>={p['jaccard']:.2f} "
      f"or (containment>={p['containment']:.2f} and J>={p['containment_min_jaccard']:.2f})")
mib = lambda b: f"{b/1048576:.0f} MiB" if b else "n/a"
print(f"{'data':<14}{'articles':>9} | {'rasd art/s':>10} {'art/CPU-s':>9} {'RSS':>9} {'dups':>6} | "
      f"{'datasketch art/s':>16} {'art/CPU-s':>9} {'RSS':>9} {'dups':>6} | {'ratio wall':>10} {'ratio CPU':>9}")
for label in rust:
    r, q = rust[label], py.get(label.removesuffix("-2t").removesuffix("-dup"))
    if q is None:
        continue
    print(f"{label:<14}{r['articles']:>9} | {r['per_second']:>10.0f} {r['per_cpu_second']:>9.0f} {mib(r['peak_rss']):>9} "
          f"{r['duplicates']:>6} | {q['per_second']:>16.0f} {q['per_cpu_second']:>9.0f} {mib(q['peak_rss']):>9} "
          f"{q['duplicates']:>6} | {r['per_second']/q['per_second']:>9.1f}x {r['per_cpu_second']/q['per_cpu_second']:>8.1f}x")
for label in rust:
    if label.endswith("-2t") and label.removesuffix("-2t") in rust:
        a, b = rust[label.removesuffix("-2t")].get("checksum"), rust[label].get("checksum")
        print(f"{label}: decisions {'identical to' if a == b else 'DIFFER from'} {label.removesuffix('-2t')} (checksum {b})")
print("ratio CPU compares CPU seconds (user+system) of the timed loops: robust to other load on a shared machine.")
print("rasd time includes normalization, shingling, MinHash, LSH, verification and story assignment;")
print("the '-dup' rows run rasd with stories off (Config::stories = false): duplicates only, like datasketch;")
print("the '-2t' rows add two workers preparing articles beside the deciding thread (as rasd ingest on 2 cores);")
print("datasketch time includes shingling (of rasd's normalized words), MinHash, LSH query/insert and verification.")
PY
