#!/usr/bin/env python3
"""Build resources/ner/nisba_words.tsv: words of the form ال…ي that are adjectives or nouns in news
text (الوطني، الدولي، التونسي، الحالي، النادي …), not family names (القروي، الحمروني، الغنوشي).

The given-name pass of the recognizer (crates/ner/src/given.rs) tags "given name + ال…ي word" as a
person; this list keeps adjectives and nouns out of it. Counted over the shared news corpus (ANT
corpus, Jawhara FM; see NOTICE), a word seen at least MIN_COUNT times is listed when
- its feminine or plural forms (…ية، …يين، …يون) occur at least MIN_FORMS times as often as it does
  (an adjective agrees; a family name has no feminine), or
- it follows a definite word in at least AFTER_DEFINITE of its occurrences (an adjective after its
  noun: "المستشفى الجهوي"; the second part of a compound given name such as "نور الدين" is not
  counted as definite), or
- it occurs FREQUENT times or more and follows a definite word in at least AFTER_DEFINITE_FREQUENT
  of them (nouns such as النادي، المستشفى، الترجي).
Keys are folded like rasd_text::fold (no diacritics, أإآ→ا، ى→ي، ة→ه، ؤ→و، ئ→ي). Run from the
repository root:

    python3 scripts/nisba_words.py ../shared/data > resources/ner/nisba_words.tsv
"""
import collections
import gzip
import json
import re
import sys

MIN_COUNT = 5
MIN_FORMS = 0.15
AFTER_DEFINITE = 0.4
FREQUENT = 150
AFTER_DEFINITE_FREQUENT = 0.1
# Second parts of compound given names, which start with ال but are names.
NAME_PARTS = {"الدين", "العابدين", "الله", "الرحمن", "الرحيم", "الكريم", "العزيز", "الحميد", "المجيد",
              "الحق", "الاسلام", "النور", "الحكيم", "اللطيف", "الرزاق", "القادر", "الجليل", "الحفيظ"}
DIACRITICS = re.compile("[\u064B-\u0652\u0670\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
WORD = re.compile("[\u0621-\u064A\u064B-\u0652\u0670\u0640]+")


def fold(w):
    return DIACRITICS.sub("", w).translate(FOLD)


def main():
    path = sys.argv[1] + "/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz"
    every = collections.Counter()
    count = collections.Counter()
    after_def = collections.Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            words = [fold(w) for w in WORD.findall(json.loads(line).get("text") or "")]
            for prev, w in zip([""] + words, words):
                every[w] += 1
                if w.startswith("ال") and w.endswith("ي") and len(w) >= 5:
                    count[w] += 1
                    bare = prev.removeprefix("و")
                    if bare.startswith("ال") and bare not in NAME_PARTS:
                        after_def[w] += 1
    print("# ال…ي adjectives and nouns of the ANT news corpus (not family names); built by")
    print("# scripts/nisba_words.py. word<TAB>occurrences<TAB>feminine/plural forms<TAB>after a definite word")
    for w, n in sorted(count.items(), key=lambda x: (-x[1], x[0])):
        forms = every[w + "ه"] + every[w + "ين"] + every[w + "ون"]
        d = after_def[w]
        if n >= MIN_COUNT and (forms >= MIN_FORMS * n or d >= AFTER_DEFINITE * n
                               or (n >= FREQUENT and d >= AFTER_DEFINITE_FREQUENT * n)):
            print(f"{w}\t{n}\t{forms}\t{d}")


if __name__ == "__main__":
    main()
