"""Recall, precision and speed of safeguarding screening on the labelled test set.

Run from the repository root:  python benchmarks/safeguarding_eval.py [--misses]
Prints one row per category and one for "any flag", then answers screened per second: once
with an empty word cache (every word seen for the first time) and once repeated (warm cache, as
in a long consultation where the same words recur).

The labelled set was written in five rounds; rounds 2-5 were each scored once by the rules as
they stood (a held-out measurement) before general rules were added for what they missed. So the
figures printed here are optimistic for unseen text: see the terms file header for the held-out
figures.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.safeguarding import _correct, category_labels, screen  # noqa: E402

LABELLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "safeguarding_labelled.csv"
SPEED_ROUNDS = 20


def load_rows(path: Path = LABELLED) -> list[tuple[str, frozenset[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            (row["text"], frozenset(c for c in row["categories"].split(";") if c))
            for row in csv.DictReader(handle)
        ]


def score(gold: list[frozenset[str]], predicted: list[frozenset[str]], name: str) -> dict:
    """Counts and rates for one category, or for any flag when name is "any"."""
    if name == "any":
        truth, guess = [bool(g) for g in gold], [bool(p) for p in predicted]
    else:
        truth, guess = [name in g for g in gold], [name in p for p in predicted]
    hits = sum(t and g for t, g in zip(truth, guess, strict=True))
    positives, flagged = sum(truth), sum(guess)
    return {
        "name": name,
        "positives": positives,
        "flagged": flagged,
        "recall": hits / positives if positives else 1.0,
        "precision": hits / flagged if flagged else 1.0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="list wrong answers")
    args = parser.parse_args()
    rows = load_rows()
    gold = [cats for _, cats in rows]
    predicted = [frozenset(screen(text).categories) for text, _ in rows]
    print(f"{'category':<22} {'n':>4} {'flagged':>7} {'recall':>7} {'precision':>9}")
    for name in [*category_labels(), "any"]:
        s = score(gold, predicted, name)
        print(
            f"{name:<22} {s['positives']:>4} {s['flagged']:>7} "
            f"{s['recall']:>7.2f} {s['precision']:>9.2f}"
        )
    texts = [text for text, _ in rows]
    print(f"\nfirst pass, empty word cache: {_rate(texts, 1, cold=True):,.0f} answers/second")
    rate = _rate(texts, SPEED_ROUNDS, cold=False)
    print(f"{len(texts)} answers x {SPEED_ROUNDS} rounds: {rate:,.0f} answers/second")
    if args.misses:
        for (text, want), got in zip(rows, predicted, strict=True):
            if want != got:
                print(f"want {sorted(want)} got {sorted(got)}: {text}")


def _rate(texts: list[str], rounds: int, cold: bool) -> float:
    if cold:
        _correct.cache_clear()
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            screen(text)
    return rounds * len(texts) / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
