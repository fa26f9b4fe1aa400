"""datasketch MinHashLSH baseline for `rasd bench dedupe`: same words, shingles, permutations and LSH threshold.

Reads the JSONL that `rasd bench dedupe --export-dir` wrote ({"id", "words"}: rasd's normalized text),
and for every article in the same (date) order: builds the set of k-word shingles, a 128-permutation
MinHash, queries MinHashLSH for candidates, verifies them with the estimated Jaccard / containment
rule rasd uses, and inserts the article. Prints one JSON line with throughput and peak RSS.
"""
import argparse
import json
import resource
import time

from datasketch import MinHash, MinHashLSH


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("path")
    ap.add_argument("--shingle", type=int, default=3)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--candidate-threshold", type=float, required=True)
    ap.add_argument("--jaccard", type=float, required=True)
    ap.add_argument("--containment", type=float, required=True)
    ap.add_argument("--containment-min-jaccard", type=float, required=True)
    ap.add_argument("--label", default="")
    a = ap.parse_args()

    docs = []
    with open(a.path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append((r["id"], r["words"].split()))

    template = MinHash(num_perm=a.num_perm, seed=1)
    lsh = MinHashLSH(threshold=a.candidate_threshold, num_perm=a.num_perm, weights=(0.15, 0.85))
    store = {}
    sizes = {}
    dups = 0
    k = a.shingle
    c0 = time.process_time()
    t0 = time.perf_counter()
    for i, (doc_id, words) in enumerate(docs):
        if not words:
            continue
        if len(words) < k:
            shingles = {" ".join(words)}
        else:
            shingles = {" ".join(words[j:j + k]) for j in range(len(words) - k + 1)}
        m = MinHash(num_perm=a.num_perm, seed=1, permutations=template.permutations, scheme="affine32")
        m.update_batch([s.encode("utf-8") for s in shingles])
        n = len(shingles)
        found = False
        for c in lsh.query(m):
            j = m.jaccard(store[c])
            small = min(n, sizes[c])
            cont = min(1.0, j * (n + sizes[c]) / (1 + j) / small) if small else 0.0
            if j >= a.jaccard or (cont >= a.containment and j >= a.containment_min_jaccard):
                found = True
                break
        dups += found
        key = f"{i}"
        lsh.insert(key, m)
        store[key] = m
        sizes[key] = n
    secs = time.perf_counter() - t0
    cpu = time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"label": a.label, "articles": len(docs), "seconds": secs,
                      "per_second": len(docs) / secs,
                      "cpu_seconds": cpu, "per_cpu_second": len(docs) / cpu, "duplicates": dups, "peak_rss": peak}))


if __name__ == "__main__":
    main()
