"""Throughput of the offline text pipeline, and stance accuracy on the labelled set.

Builds 100,000 realistic answers by recombining a fixed set of sentence templates with a seeded
random generator, runs ``analyse_many`` on one core and prints answers per second. It also
prints how many answers were distinct (identical answers are analysed once) and the speed on
distinct answers alone, so the cache's part in the figure is visible.

    python benchmarks/text_throughput.py [--answers 100000]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from pathlib import Path

from analysis.pipeline import analyse_many
from analysis.stance import safety_stance

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "stance_labelled.csv"
SEED = 2026
FEELINGS = [
    "I feel safe {where}",
    "i dont feel safe {where}",
    "I never feel safe {where} {when}",
    "its scary {where} {when}",
    "{where_cap} is dodgy {when}",
    "I'm always on edge {where}",
    "I feel safe {when} but not {other_when}",
    "it's fine {where} tbh",
    "I'm not scared {where}",
    "i avoid {place} {when}",
    "I get nervous {where} {when}",
    "Mostly safe but sometimes I look over my shoulder {where}",
    "My mum worries when I'm {where}",
    "{where_cap} is ok {when} but sketchy {other_when}",
]
REASONS = [
    "There's drug dealing {where}.",
    "Older boys g-checked me {where}.",
    "The lights are broken {where}.",
    "People ask where you're from {where}.",
    "Someone got stabbed {where} last year.",
    "The police never come {where}.",
    "There is nothing to do for young people.",
    "Gangs hang around {where} {when}.",
    "Older people take advantage of younger kids.",
    "People send threats on snapchat.",
    "My foster carer listens to me.",
    "Some families are rich and some are really poor.",
    "Groups of lads shout at girls {where}.",
]
WISHES = [
    "More police would make it safer.",
    "We need a youth club open at weekends.",
    "Better lighting {where} please.",
    "cctv on the buses",
    "more things to do",
    "someone to talk to",
    "Cut back the bushes {where}.",
    "Free activities in the holidays.",
]
OTHER_LANGUAGES = [
    "W autobusie starsi chłopcy sprzedają narkotyki.",
    "Nie czuję się bezpiecznie w parku wieczorem.",
    "Nu mă simt în siguranță în autobuz noaptea, e întuneric.",
    "Não me sinto seguro no parque à noite, há muita droga.",
    "Waxaan ka baqaa baska habeenkii, dhallinyaro badan ayaa jooga.",
    "مجھے رات کو پارک میں بہت ڈر لگتا ہے",
]
PLACES = [
    "the park", "the bus station", "the high street", "the underpass", "the canal",
    "the estate", "school", "the shops", "the skate park", "the train station", "Hayes",
]  # fmt: skip
TIMES = ["at night", "in the day", "after school", "in winter", "at the weekend", "after dark"]


def build_answers(count: int, seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return [_answer(rng) for _ in range(count)]


def _answer(rng: random.Random) -> str:
    if rng.random() < 0.05:
        return rng.choice(OTHER_LANGUAGES)
    pools = [FEELINGS, REASONS, WISHES]
    parts = [_fill(rng.choice(pool), rng) for pool in rng.sample(pools, rng.randint(1, 3))]
    return " ".join(part if part.endswith(".") else part + "." for part in parts)


def _fill(template: str, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    when, other_when = rng.sample(TIMES, 2)
    where = f"{rng.choice(['at', 'near', 'by', 'in'])} {place}"
    return template.format(
        where=where, where_cap=place.capitalize(), place=place, when=when, other_when=other_when
    )


def stance_accuracy() -> tuple[float, int]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    correct = sum(safety_stance(row["text"]) == row["stance"] for row in rows)
    return correct / len(rows), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    arguments = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as promised
    answers = build_answers(arguments.answers)
    distinct = list(dict.fromkeys(answers))
    started = time.perf_counter()
    analyse_many(answers)
    elapsed = time.perf_counter() - started
    print(f"answers: {len(answers):,} ({len(distinct):,} distinct), one core")
    print(f"full pipeline: {len(answers) / elapsed:,.0f} answers/s ({elapsed:.1f} s, cold caches)")
    fresh = build_answers(20_000, seed=SEED + 1)
    seen = set(distinct)
    fresh_distinct = [text for text in dict.fromkeys(fresh) if text not in seen]
    started = time.perf_counter()
    analyse_many(fresh_distinct)
    elapsed = time.perf_counter() - started
    print(
        f"new distinct answers after warm-up: {len(fresh_distinct) / elapsed:,.0f} answers/s "
        f"({len(fresh_distinct):,} answers)"
    )
    accuracy, labelled = stance_accuracy()
    print(f"stance accuracy on {LABELLED.name}: {accuracy:.3f} ({labelled} answers)")


if __name__ == "__main__":
    main()
