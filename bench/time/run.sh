#!/usr/bin/env bash
# Side-by-side throughput of `rasd bench time` and Python dateparser's search_dates(languages=["ar"]) on the
# same sentences: the 329 sentences of testdata/time/eval.jsonl plus sentences from ../shared/data/news_corpus.
# Usage: bench/time/run.sh [N_CORPUS_SENTENCES]   (default 700). Needs python3 (venv) and cargo.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
shared="${RASD_SHARED:-$repo/../shared}"
n_corpus="${1:-700}"
venv="$repo/bench/.venv"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q dateparser

# The same sentences for both sides, one per line.
"$venv/bin/python" - "$repo/testdata/time/eval.jsonl" "$shared/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz" \
  "$n_corpus" > "$work/sentences.txt" <<'PY'
import gzip, json, re, sys
eval_path, corpus_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
out = []
for line in open(eval_path, encoding="utf-8"):
    line = line.strip()
    if line:
        out.append(json.loads(line)["text"].replace("\n", " "))
taken = 0
try:
    with gzip.open(corpus_path, "rt", encoding="utf-8") as f:
        for line in f:
            if taken >= n:
                break
            text = json.loads(line)["text"]
            for s in re.split(r"(?<=[.!؟?])\s+|\n", text):
                s = s.strip()
                if 20 <= len(s) <= 400:
                    out.append(s)
                    taken += 1
                    break
except FileNotFoundError:
    print(f"note: {corpus_path} not found; eval sentences only", file=sys.stderr)
print("\n".join(out))
PY
n_sent=$(wc -l < "$work/sentences.txt")
echo "sentences: $n_sent"

target="${CARGO_TARGET_DIR:-$repo/target}"
(cd "$repo" && cargo build --release -q -p rasd-cli)
rasd="$target/release/rasd"

echo "== Python dateparser.search.search_dates(text, languages=['ar']) =="
py_out=$("$venv/bin/python" - "$work/sentences.txt" <<'PY'
import sys, time, datetime, warnings
warnings.filterwarnings("ignore")
from dateparser.search import search_dates
sents = [l.rstrip("\n") for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
settings = {"RELATIVE_BASE": datetime.datetime(2025, 12, 20)}
search_dates(sents[0], languages=["ar"], settings=settings)  # warm-up (loads language data)
found = 0
t0 = time.perf_counter()
for s in sents:
    r = search_dates(s, languages=["ar"], settings=settings)
    found += len(r or [])
dt = time.perf_counter() - t0
print(f"{len(sents)/dt:.1f} {found} {dt:.2f}")
PY
)
read -r py_rate py_found py_secs <<< "$py_out"
echo "dateparser: $n_sent sentences in ${py_secs}s = ${py_rate} sentences/s; $py_found date expressions"

echo "== rasd bench time =="
rasd_line=$("$rasd" bench time "$work/sentences.txt" --ref 2025-12-20 --repeat 20)
echo "$rasd_line"
rasd_rate=$(echo "$rasd_line" | sed -E 's/.* = ([0-9.]+) sentences\/s.*/\1/')

python3 -c "import sys; r, p = float(sys.argv[1]), float(sys.argv[2]); print(f'ratio rasd/dateparser: {r/p:.0f}x (rasd {r:.0f} vs dateparser {p:.1f} sentences/s, one process each)')" "$rasd_rate" "$py_rate"
