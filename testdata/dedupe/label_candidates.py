#!/usr/bin/env python3
"""List candidate article pairs of the ANT corpus for hand-labelling story pairs (story_pairs.tsv).

Independent of rasd's story code: plain TF-IDF over whitespace tokens with a crude folding
(diacritics, alef/ta-marbuta/ya variants, the article ال), cosine between whole articles.
Pairs are sampled, seeded, in strata so that the labelled set contains easy and hard cases:

  near   published within 3 days, cosine >= 0.30
  mid    published within 3 days, 0.15 <= cosine < 0.30
  low    published within 3 days, 0.08 <= cosine < 0.15
  far    published 30+ days apart, cosine >= 0.20 (same actors/topic, months apart)

Pairs already in story_pairs.tsv (either order) are skipped. Prints, per pair, both titles,
dates, categories and the first characters of each text; the labeller reads them (and the full
texts when in doubt) and writes `id_a<TAB>id_b<TAB>same|different<TAB>reason` lines.

  python3 testdata/dedupe/label_candidates.py CORPUS.jsonl.gz [--seed 7] [--per-stratum 35]
"""
import argparse
import gzip
import json
import math
import random
import re
from collections import Counter, defaultdict
from datetime import date

DIAC = re.compile("[\u064b-\u0652\u0640]")
NONWORD = re.compile(r"[^\w]+")


def fold(w):
    w = DIAC.sub("", w)
    w = w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه").replace("ى", "ي")
    for p in ("وال", "بال", "فال", "كال", "لل", "ال"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


def tokens(text):
    return [fold(w) for w in NONWORD.sub(" ", text).split() if len(w) > 2 and not w.isdigit()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-stratum", type=int, default=35)
    ap.add_argument("--existing", default="testdata/dedupe/story_pairs.tsv")
    ap.add_argument("--chars", type=int, default=420)
    a = ap.parse_args()

    docs = []
    with gzip.open(a.corpus, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            m = re.match(r"(\d{4})-(\d{2})-(\d{2})", d.get("date") or "")
            if not m:
                continue
            day = date(int(m[1]), int(m[2]), int(m[3])).toordinal()
            docs.append((d["id"], day, d.get("category"), d.get("title") or "", d["text"]))
    tf = [Counter(tokens(t + " " + t2)) for (_, _, _, t, t2) in docs]
    df = Counter()
    for c in tf:
        df.update(c.keys())
    n = len(docs)
    vecs = []
    for c in tf:
        v = {w: (1 + math.log(k)) * math.log(n / df[w]) for w, k in c.items() if df[w] < 0.1 * n}
        top = dict(sorted(v.items(), key=lambda x: -x[1])[:60])
        norm = math.sqrt(sum(x * x for x in top.values())) or 1.0
        vecs.append({w: x / norm for w, x in top.items()})
    post = defaultdict(list)
    for i, v in enumerate(vecs):
        for w in v:
            post[w].append(i)

    existing = set()
    try:
        for line in open(a.existing, encoding="utf-8"):
            f = line.split("\t")
            if len(f) >= 3 and f[0].startswith("JA-"):
                existing.add((f[0], f[1]))
                existing.add((f[1], f[0]))
    except FileNotFoundError:
        pass

    strata = {"near": [], "mid": [], "low": [], "far": []}
    for i, v in enumerate(vecs):
        acc = defaultdict(float)
        for w, x in v.items():
            if len(post[w]) > 400:
                continue
            for j in post[w]:
                if j > i:
                    acc[j] += x * vecs[j][w]
        for j, cos in acc.items():
            gap = abs(docs[i][1] - docs[j][1])
            if (docs[i][0], docs[j][0]) in existing:
                continue
            if gap <= 3:
                if cos >= 0.30:
                    strata["near"].append((i, j, cos))
                elif cos >= 0.15:
                    strata["mid"].append((i, j, cos))
                elif cos >= 0.08:
                    strata["low"].append((i, j, cos))
            elif gap >= 30 and cos >= 0.20:
                strata["far"].append((i, j, cos))
    rng = random.Random(a.seed)
    k = 0
    for name, pairs in strata.items():
        pairs.sort()
        rng.shuffle(pairs)
        for i, j, cos in pairs[: a.per_stratum]:
            k += 1
            print(f"### {k} [{name} cos={cos:.2f}] {docs[i][0]}\t{docs[j][0]}")
            for d in (docs[i], docs[j]):
                print(f"  {d[0]} {date.fromordinal(d[1])} {d[2]} | {d[3]}")
                print("    " + d[4][: a.chars].replace("\n", " / "))


if __name__ == "__main__":
    main()
