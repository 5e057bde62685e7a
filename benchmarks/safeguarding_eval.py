"""Recall, precision and speed of safeguarding screening on the labelled test set.

Run from the repository root:  python benchmarks/safeguarding_eval.py [--misses]
Prints one row per category and one for "any flag", then answers screened per second.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.safeguarding import category_labels, screen  # noqa: E402

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
    started = time.perf_counter()
    for _ in range(SPEED_ROUNDS):
        for text in texts:
            screen(text)
    rate = SPEED_ROUNDS * len(texts) / (time.perf_counter() - started)
    print(f"\n{len(texts)} answers x {SPEED_ROUNDS} rounds: {rate:,.0f} answers/second")
    if args.misses:
        for (text, want), got in zip(rows, predicted, strict=True):
            if want != got:
                print(f"want {sorted(want)} got {sorted(got)}: {text}")


if __name__ == "__main__":
    main()
