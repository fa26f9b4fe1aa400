#!/usr/bin/env bash
# Load test of GET /api/events (issue 8): build a database of N articles, then run
# `rasd bench serve` (open loop, loopback) against it.
#
#   bench/serve/run.sh [N] [RATE] [SECONDS]      defaults: 10000 200 10
#
# N <= 10161 ingests that many articles of the shared news corpus (../shared/data/news_corpus).
# Larger N synthesizes extra articles: each mixes 3-5 paragraphs of different corpus articles
# (seeded, so reruns are identical) and is dated a multiple of 29 days away from its first
# source, so the copies are not near-duplicates and their events do not merge into the
# originals' (the events table grows with N, as it would with real news).
# Databases are kept under target/bench-serve/ and reused when they already exist.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-10000}
RATE=${2:-200}
SECONDS_=${3:-10}
SHARED=${RASD_SHARED:-$(pwd)/../shared}
CORPUS="$SHARED/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"
OUT=target/bench-serve
mkdir -p "$OUT"
DB="$OUT/events-$N.db"
RASD=${RASD:-}
if [ -z "$RASD" ]; then
  cargo build --release -p rasd-cli >&2
  RASD=${CARGO_TARGET_DIR:-target}/release/rasd
fi
if [ ! -s "$DB" ]; then
  python3 - "$CORPUS" "$N" "$OUT/corpus-$N.jsonl" <<'PY'
import gzip, json, random, sys, datetime
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = [json.loads(l) for l in gzip.open(src, "rt", encoding="utf-8") if l.strip()]
rng = random.Random(20251220)
with open(out, "w", encoding="utf-8") as w:
    for i in range(n):
        if i < len(base):
            rec = base[i]
        else:
            picks = [rng.choice(base) for _ in range(rng.randint(3, 5))]
            paras = [rng.choice([p for p in a["text"].split("\n") if p.strip()] or [a["text"]]) for a in picks]
            first = picks[0]
            date = first.get("date") or "2017-01-01"
            try:
                d = datetime.date.fromisoformat(date[:10]) + datetime.timedelta(days=29 * (1 + i // len(base)))
                date = d.isoformat()
            except ValueError:
                pass
            rec = {"id": f"synth-{i}", "outlet": first.get("outlet"), "title": f"{first.get('title') or ''} ({i})",
                   "date": date, "url": f"http://synth.invalid/{i}", "text": "\n".join(paras)}
        w.write(json.dumps(rec, ensure_ascii=False) + "\n")
PY
  echo "ingesting $N articles into $DB" >&2
  /usr/bin/time -f "ingest: %e s, %M KiB max RSS" "$RASD" ingest --db "$DB" "$OUT/corpus-$N.jsonl" 2>&1 | grep -v '^skip ' >&2
  rm -f "$OUT/corpus-$N.jsonl"
fi
"$RASD" bench serve --db "$DB" --rate "$RATE" --seconds "$SECONDS_"
