"""Time the KPI statistics on a million synthetic answers: ``python benchmarks/kpi_analysis.py``.

Builds seeded answers spread over 7 waves, 7 groups, 6 places, 2 times of day and 2 questions
(the time to build them is not counted), then times ``kpi_figures`` split by wave and group (the
board's view) and by every dimension, unweighted and weighted, and ``figures_from_counts`` on the
rows an SQL GROUP BY would return. Prints the best and median wall-clock seconds of several
runs and the best CPU seconds.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections import Counter

import numpy as np

from analysis.kpi import ANSWER_VALUES, KpiAnswer, figures_from_counts, kpi_figures

GROUPS = ("talkers", "step_up", "stepping_out", "youth_voice", "residents", "businesses", "support")
PLACES = ("high_street", "park", "station", "bus_stop", "estate", "shopping_centre")
TIMES = ("after_dark", "daytime")
QUESTIONS = ("walk_alone_after_dark", "feel_safe_area")
# Roughly the spread of the Public Attitude Survey: most answers substantive, a few skipped.
VALUE_CHANCES = (0.25, 0.35, 0.18, 0.08, 0.04, 0.03, 0.03, 0.02, 0.02)
ALL_DIMENSIONS = ("wave", "group", "place", "time_of_day")


def synthetic_answers(how_many: int, *, weighted: bool, seed: int = 2026) -> list[KpiAnswer]:
    rng = np.random.default_rng(seed)
    values = [None if v == "skipped" else v for v in ANSWER_VALUES]
    columns = zip(
        rng.choice(len(values), how_many, p=VALUE_CHANCES).tolist(),
        rng.integers(0, 7, how_many).tolist(),
        rng.integers(0, len(GROUPS), how_many).tolist(),
        rng.integers(0, len(PLACES), how_many).tolist(),
        rng.integers(0, len(TIMES), how_many).tolist(),
        rng.integers(0, len(QUESTIONS), how_many).tolist(),
        (rng.uniform(0.5, 2.0, how_many) if weighted else np.ones(how_many)).tolist(),
        strict=True,
    )
    return [
        KpiAnswer(values[v], wave, GROUPS[g], PLACES[p], TIMES[t], "perception", QUESTIONS[q], w)
        for v, wave, g, p, t, q, w in columns
    ]


def counted_rows(answers: list[KpiAnswer]) -> list[dict[str, object]]:
    """What ``SELECT ..., value, COUNT(*) ... GROUP BY`` would hand over to the analysis."""
    fields = ("construct", "question_key", *ALL_DIMENSIONS, "value")
    counted = Counter(tuple(getattr(a, name) for name in fields) for a in answers)
    return [dict(zip(fields, cell, strict=True), count=count) for cell, count in counted.items()]


def seconds(task, repeats: int) -> tuple[float, float, float]:
    """Best and median wall-clock time, and best CPU time (steadier on a shared machine)."""
    wall, cpu = [], []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        task()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return min(wall), statistics.median(wall), min(cpu)


def report(label: str, task, repeats: int) -> None:
    best, median, cpu = seconds(task, repeats)
    print(f"{label:<50} best {best:6.3f} s  median {median:6.3f} s  cpu {cpu:6.3f} s")


def time_unweighted(how_many: int, repeats: int) -> None:
    answers = synthetic_answers(how_many, weighted=False)
    cells = len(kpi_figures(answers, by=ALL_DIMENSIONS))
    report("kpi_figures by wave, group", lambda: kpi_figures(answers), repeats)
    report(f"kpi_figures by every dimension ({cells} cells)",
           lambda: kpi_figures(answers, by=ALL_DIMENSIONS), repeats)  # fmt: skip
    rows = counted_rows(answers)
    report(f"figures_from_counts, {len(rows):,} pre-counted rows",
           lambda: figures_from_counts(rows), repeats)  # fmt: skip


def time_weighted(how_many: int, repeats: int) -> None:
    answers = synthetic_answers(how_many, weighted=True)
    report("kpi_figures by wave, group, weighted", lambda: kpi_figures(answers), repeats)
    report("kpi_figures by every dimension, weighted",
           lambda: kpi_figures(answers, by=ALL_DIMENSIONS), repeats)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args()
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}")
    print(f"{options.answers:,} answers, {options.repeats} runs each")
    time_unweighted(options.answers, options.repeats)
    time_weighted(options.answers, options.repeats)


if __name__ == "__main__":
    main()
