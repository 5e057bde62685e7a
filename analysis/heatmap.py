"""Counting map pins into a grid of cells for the big screen, hiding cells with too few pins.

Pins are (x, y) in 0..1 of the image, measured from its top-left corner, each marked "safe" or
"unsafe". The image is cut into ``size`` × ``size`` equal cells. A pin on the border between two
cells belongs to the cell to its right (or below), except on the image's right and bottom edges
(x or y exactly 1.0), which belong to the last cell: no pin ever falls outside the grid.

A cell is shown only once ``threshold`` or more pins of one feeling fall in it, so that the screen
never points at the spot where one or two people in the room dropped a pin.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

FEELINGS = ("unsafe", "safe")
GRID_SIZE = 8
MIN_PINS_IN_CELL = 5


@dataclass(frozen=True)
class Pin:
    x: float
    y: float
    feeling: str


@dataclass(frozen=True)
class Cell:
    """One shown cell: column and row from the top-left, and how many pins of one feeling."""

    column: int
    row: int
    feeling: str
    count: int


@dataclass(frozen=True)
class Heatmap:
    size: int
    threshold: int
    cells: tuple[Cell, ...]
    # every pin counted, shown or not: the screen may say how many were dropped in all
    total: dict[str, int]

    def peak(self, feeling: str) -> int:
        return max((c.count for c in self.cells if c.feeling == feeling), default=0)


def cell_of(value: float, size: int = GRID_SIZE) -> int:
    """The index (0..size-1) of the column or row that a coordinate in 0..1 falls in."""
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"coordinate {value!r} is outside 0..1")
    return min(int(value * size), size - 1)


def grid_counts(pins: Iterable[Pin], size: int = GRID_SIZE) -> Counter:
    """(column, row, feeling) → number of pins, for every cell with at least one pin."""
    return Counter((cell_of(pin.x, size), cell_of(pin.y, size), pin.feeling) for pin in pins)


def heatmap(
    pins: Iterable[Pin], size: int = GRID_SIZE, threshold: int = MIN_PINS_IN_CELL
) -> Heatmap:
    """The cells to show (``threshold`` or more pins of a feeling), busiest first."""
    pins = [pin for pin in pins if pin.feeling in FEELINGS]
    counts = grid_counts(pins, size)
    shown = sorted(
        (Cell(col, row, feeling, n) for (col, row, feeling), n in counts.items() if n >= threshold),
        key=lambda c: (FEELINGS.index(c.feeling), -c.count, c.row, c.column),
    )
    total = {feeling: sum(1 for pin in pins if pin.feeling == feeling) for feeling in FEELINGS}
    return Heatmap(size, threshold, tuple(shown), total)
