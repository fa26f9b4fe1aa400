#!/usr/bin/env python3
"""Agreement of two labellers on event types: testdata/events/second_labels.tsv against the gold rows with the same ids.

Usage: agreement.py gold.tsv second_labels.tsv — prints type micro P/R/F1 of the second labelling scored against the
first (the gold), identical type sets, and how often the main (first) type agrees where both saw an event.
"""
import sys

def types(field):
    return set() if field.strip() == "NONE" else {t.strip() for t in field.split("|") if t.strip()}

gold = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if not line.startswith("#"):
        c = line.rstrip("\n").split("\t")
        if len(c) >= 9:
            gold[c[0]] = c[4]
second = {}
for line in open(sys.argv[2], encoding="utf-8"):
    if not line.startswith("#"):
        c = line.rstrip("\n").split("\t")
        second[c[0]] = c[1]
tp = fp = fn = same = main = both = 0
for k, s in second.items():
    a, b = types(gold[k]), types(s)
    tp, fp, fn = tp + len(a & b), fp + len(b - a), fn + len(a - b)
    same += a == b
    if a and b:
        both += 1
        main += gold[k].split("|")[0].strip() == s.split("|")[0].strip()
p, r = tp / (tp + fp), tp / (tp + fn)
print(f"{len(second)} sentences: P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} (tp {tp} fp {fp} fn {fn}); "
      f"identical type sets {same}/{len(second)}; main type agrees {main}/{both}")
