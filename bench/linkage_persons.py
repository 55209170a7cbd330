"""Person-linkage bench (issue 16): comparisons per second, and precision/recall per threshold.

    .venv/bin/python -m bench.linkage_persons [--size 20000] [--matrix 1000000]

Needs no database: it uses the product's encoder (schakel.linkage.persons) and matcher
(schakel.linkage.quality) with a throw-away secret. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np


def _configure() -> None:
    sys.path[:0] = [os.path.join(os.path.dirname(__file__), "..", "src")]
    from django.conf import settings

    if not settings.configured:
        settings.configure(INDEX_KEY="bench-only-index-key", LINKAGE_SECRETS=["bench-only-linkage-secret"],
                           LINKAGE_PERSON_THRESHOLD_PERCENT=80)


def comparisons_per_second(rows: int, repeat: int = 5) -> float:
    """The similarity kernel: one encoded person against a block of `rows` encoded persons."""
    from schakel.linkage import persons

    rng = np.random.default_rng(16)
    matrix = rng.integers(0, 2**63, size=(rows, persons.WORDS), dtype=np.uint64) & rng.integers(
        0, 2**63, size=(rows, persons.WORDS), dtype=np.uint64)
    counts = persons.popcounts(matrix)
    best = float("inf")
    for i in range(repeat):
        started = time.perf_counter()
        persons.similarity(matrix[i], counts[i], matrix, counts)
        best = min(best, time.perf_counter() - started)
    return rows / best


def evaluation(size: int) -> dict:
    from schakel.linkage import evaluation as ev
    from schakel.linkage import quality

    a, b, truth = ev.make_sets(size)
    started = time.perf_counter()
    encoded_a, encoded_b = quality.encode_all(a), quality.encode_all(b)
    encode_seconds = time.perf_counter() - started
    table = []
    for percent in (70, 75, 78, 80, 82, 85, 90):
        started = time.perf_counter()
        pairs, comparisons = quality.link(encoded_a, encoded_b, percent / 100)
        seconds = time.perf_counter() - started
        score = ev.score(pairs, truth)
        table.append({"threshold": percent / 100, "precision": round(score["precision"], 4),
                      "recall": round(score["recall"], 4), "pairs": score["pairs"], "true_pairs": score["true"],
                      "comparisons": comparisons, "blocked_comparisons_per_second": round(comparisons / seconds)})
    return {"records": [len(a), len(b)], "encodings_per_second": round((len(a) + len(b)) / encode_seconds),
            "all_pairs": len(a) * len(b), "by_threshold": table}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--matrix", type=int, default=1_000_000)
    args = parser.parse_args()
    _configure()
    result = {"kernel_comparisons_per_second": round(comparisons_per_second(args.matrix)),
              "evaluation": evaluation(args.size)}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
