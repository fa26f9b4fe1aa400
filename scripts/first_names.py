#!/usr/bin/env python3
"""Build resources/ner/first_names.tsv: Arabic given names, from the person spans of the shared
NER corpora (ANERcorp train part, AQMAR, NewsFANE, Wojood sample; see NOTICE).

A given name is the first token of a person span of two or more tokens. A token is kept when it
starts such spans at least MIN_SPANS times and is a person-span start in at least MIN_SHARE of all
its occurrences in the corpora (so common words that are also names — "سلام", "أمل" — are left
out). Output: `name<TAB>spans<TAB>occurrences`, sorted by spans. Run from the repository root:

    python3 scripts/first_names.py ../shared/data > resources/ner/first_names.tsv
"""
import collections
import os
import sys

MIN_SPANS = 1
MIN_SHARE = 0.5
PERSON_TAGS = ("PER", "PERS", "Politician", "Athlete", "Artist", "Other_PER", "Religious_PER",
               "Scientist", "Businessperson", "Lawyer", "Engineer")


def sentences(path, sep=None):
    sent = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(sep) if sep else line.split()
            if len(parts) < 2 or not parts[0].strip():
                if sent:
                    yield sent
                sent = []
                continue
            sent.append((parts[0].strip(), parts[-1].strip()))
    if sent:
        yield sent


def is_person(tag, prefix):
    return tag.startswith(prefix) and tag[2:] in PERSON_TAGS


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
    files = [(os.path.join(root, "anercorp/ANERcorp_train_part.txt"), None),
             (os.path.join(root, "newsfane/NewsFANE_Gold_2014_170K.txt"), "\t"),
             (os.path.join(root, "wojood_sample/train.txt"), None)]
    aq = os.path.join(root, "aqmar/articles")
    files += [(os.path.join(aq, f), None) for f in sorted(os.listdir(aq))]
    starts = collections.Counter()
    occurrences = collections.Counter()
    for path, sep in files:
        for sent in sentences(path, sep):
            for i, (tok, tag) in enumerate(sent):
                occurrences[tok] += 1
                nxt = sent[i + 1][1] if i + 1 < len(sent) else "O"
                if is_person(tag, "B-") and is_person(nxt, "I-"):
                    starts[tok] += 1
    rows = [(t, n, occurrences[t]) for t, n in starts.items()
            if n >= MIN_SPANS and n / occurrences[t] >= MIN_SHARE and len(t) >= 2
            and not t.startswith("ال")]
    rows.sort(key=lambda r: (-r[1], r[0]))
    print("# Arabic given names from the person spans of ANERcorp (train part), AQMAR, NewsFANE and")
    print("# the Wojood sample (see NOTICE); built by scripts/first_names.py. name<TAB>spans<TAB>occurrences")
    for t, n, o in rows:
        print(f"{t}\t{n}\t{o}")


if __name__ == "__main__":
    main()
