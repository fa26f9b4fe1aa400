#!/usr/bin/env python3
"""Candidate mention pairs for the hand-labelled event-merge set (testdata/events/merge_pairs.tsv).

Input: `rasd export events` and `rasd export articles` of the shared news corpus ingested alone
(see docs/EVENTS.md, "Merge evaluation"). Pairs of mentions from two different articles (neither
a copy of the other) with the same PLOVER type, in the same dedupe story or sharing a named actor,
dated at most two days apart; split into pairs rasd merged and pairs it kept apart; N of each drawn
with a fixed seed. Prints one block per pair to read, and a TSV skeleton (label column empty).
"""
import json, random, sys
from datetime import date

events_path, articles_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
arts = {}
for line in open(articles_path, encoding="utf-8"):
    a = json.loads(line)
    arts[a["id"]] = a
ments = []
for line in open(events_path, encoding="utf-8"):
    e = json.loads(line)
    for m in e["mentions"]:
        ments.append((e["id"], m))

def day(d):
    try:
        return date.fromisoformat(d[:10]).toordinal() if d and len(d) >= 10 else None
    except ValueError:
        return None

def named(m):
    return {x for x in m["source"] + m["target"] if not x.startswith("unnamed:")}

def canon(a):
    return arts.get(a, {}).get("duplicate_of") or a

by_type = {}
for ev, m in ments:
    by_type.setdefault(m["type"], []).append((ev, m))
merged, apart = [], []
for ty, ms in by_type.items():
    for i in range(len(ms)):
        e1, m1 = ms[i]
        a1 = arts.get(m1["article"], {})
        for j in range(i + 1, len(ms)):
            e2, m2 = ms[j]
            if canon(m1["article"]) == canon(m2["article"]):
                continue
            a2 = arts.get(m2["article"], {})
            same_story = a1.get("story") and a1.get("story") == a2.get("story")
            if not (same_story or named(m1) & named(m2)):
                continue
            d1, d2 = day(m1["date"]), day(m2["date"])
            if d1 is not None and d2 is not None and abs(d1 - d2) > 2:
                continue
            (merged if e1 == e2 else apart).append((m1, m2))
rng = random.Random(11)
pick = rng.sample(merged, min(n, len(merged))) + rng.sample(apart, min(n, len(apart)))
print(f"# candidates: {len(merged)} merged, {len(apart)} apart", file=sys.stderr)
for k, (m1, m2) in enumerate(pick):
    print(f"== {k} {m1['type']}")
    for m in (m1, m2):
        a = arts.get(m["article"], {})
        print(f"  {m['article']}\t{m['start']}\t{m['date']}\t{m['mode']}\tS={m['source']} T={m['target']}")
        print(f"     [{a.get('published','')[:10]}] {a.get('title','')}")
        print(f"     {' '.join(m['text'].split())[:300]}")
