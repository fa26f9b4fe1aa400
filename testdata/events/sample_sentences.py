#!/usr/bin/env python3
"""Random sentences of the shared news corpus for the held-out `random` split of testdata/events/gold.tsv.

Draws articles with a fixed seed from the news categories (internationalNews, politic, localNews,
in proportion 5:2:3), skips articles already in the gold set, splits the chosen article's text into
sentences (line breaks, then . ! ? ؟ followed by a space) and keeps one sentence of 60–350
characters drawn at random. Prints `id<TAB>article id<TAB>published<TAB>sentence`. The sentences are
labelled from the sentence and the PLOVER manual alone, without running rasd on them.

Usage: sample_sentences.py ../shared/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz gold.tsv N SEED
"""
import gzip, json, random, re, sys

corpus, gold, n, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
used = set()
for line in open(gold, encoding="utf-8"):
    if not line.startswith("#"):
        cols = line.split("\t")
        if len(cols) > 2 and cols[2].startswith("news_corpus:"):
            used.add(cols[2].split(":", 1)[1])
by_cat = {"internationalNews": [], "politic": [], "localNews": []}
with gzip.open(corpus, "rt", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        if a.get("category") in by_cat and a["id"] not in used:
            by_cat[a["category"]].append(a)
rng = random.Random(seed)
plan = ["internationalNews"] * 5 + ["politic"] * 2 + ["localNews"] * 3
out, seen = [], set()
while len(out) < n:
    cat = plan[len(out) % len(plan)]
    a = rng.choice(by_cat[cat])
    if a["id"] in seen:
        continue
    sents = [s.strip() for para in a["text"].split("\n") for s in re.split(r"(?<=[.!?؟])\s+", para)]
    sents = [s for s in sents if 60 <= len(s) <= 350]
    if not sents:
        continue
    seen.add(a["id"])
    d = a.get("date") or ""
    m = re.match(r"(\d\d)/(\d\d)/(\d{4})", d)
    out.append((a["id"], f"{m[3]}-{m[2]}-{m[1]}" if m else d[:10], rng.choice(sents)))
for i, (aid, day, s) in enumerate(out, 1):
    print(f"r{i:03}\t{aid}\t{day}\t{s}")
