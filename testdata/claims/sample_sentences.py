"""Draw the sentences of `rasd eval claims` from the shared news corpus (run once; output labelled by hand).

python3 testdata/claims/sample_sentences.py ../shared/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz > candidates.tsv
python3 testdata/claims/sample_sentences.py --conflict ../shared/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz
python3 testdata/claims/sample_sentences.py --conflict2 ../shared/data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz

Sentences (split at . ! ? ؟ and newlines, 40-320 chars) that hold a number (digits, Arabic-Indic digits or a
number word). Two strata, seed 7: 80 sentences that also hold a claim cue word (casualties, arrests,
displacement, violations, trucks, votes, money, deaths) and 40 that do not; alternate dev/test.
"""
import gzip
import json
import random
import re
import sys

NUM = re.compile(r"[0-9\u0660-\u0669]|\b(?:واحد|اثنين|ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة|عشرات|مئات|آلاف|مليون|مليار)\b")
CUE = re.compile(
    r"قتل|قتيل|قتلى|شهيد|استشهد|مقتل|وفاة|توفي|حتفه|جريح|جرحى|إصابة|أصيب|مصاب|اعتقال|اعتقل|إيقاف|القبض|"
    r"معتقل|موقوف|أسير|نازح|نزوح|لاجئ|خرق|انتهاك|شاحنة|شاحنات|صوت|صوتا|بموافقة|بأغلبية|"
    r"دينار|دولار|يورو|مليون|مليار"
)


def sentences(text):
    for s in re.split(r"(?<=[.!?؟])\s+|\n+", text):
        s = s.strip()
        if 40 <= len(s) <= 320 and NUM.search(s):
            yield s


CONFLICT = re.compile(r"قتلى|قتيل|شهداء|شهيد|جرحى|جريح|مصابين|خرق|خروقات|انتهاك|شاحنات|نازح|لاجئ|معتقل|أسرى|غارة|قصف")


def conflict_main(split="conflict", seed=8):
    """`--conflict`: 60 more sentences (seed 8) with a number and a conflict cue word, all split
    `conflict` (a second held-out set: the rules were written before it was drawn); each sentence
    once, none of the first set's. `--conflict2`: 60 more the same way (seed 9, split
    `conflict2`, none of the sentences already in gold.tsv), drawn in the tenth session after the
    conflict set had been used to write rules."""
    # Each sentence once (copies of one wire story repeat it), none already in the first set.
    taken = set()
    gold = __file__.rsplit("/", 1)[0] + "/gold.tsv"
    with open(gold, encoding="utf-8") as g:
        for line in g:
            f = line.split("\t")
            if len(f) > 3:
                taken.add(f[3])
    pool = []
    with gzip.open(sys.argv[2], "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for s in sentences(r.get("text") or ""):
                s = s.replace("\t", " ")
                if CONFLICT.search(s) and s not in taken:
                    taken.add(s)
                    pool.append((r.get("id", ""), s))
    rng = random.Random(seed)
    print("split\tstratum\tarticle\tsentence\tclaims\tclaimant")
    for art, s in rng.sample(pool, 60):
        print(f"{split}\tconflict\t{art}\t{s}\t\t")


def main():
    if sys.argv[1] == "--conflict":
        return conflict_main()
    if sys.argv[1] == "--conflict2":
        return conflict_main("conflict2", 9)
    cue, plain = [], []
    with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            for s in sentences(r.get("text") or ""):
                (cue if CUE.search(s) else plain).append((r.get("id", ""), s.replace("\t", " ")))
    rng = random.Random(7)
    drawn = [("cue", x) for x in rng.sample(cue, 80)] + [("plain", x) for x in rng.sample(plain, 40)]
    rng.shuffle(drawn)
    print("split\tstratum\tarticle\tsentence\tclaims")
    for i, (stratum, (art, s)) in enumerate(drawn):
        print(f"{'dev' if i % 2 == 0 else 'test'}\t{stratum}\t{art}\t{s}\t")


if __name__ == "__main__":
    main()
