"""Disclosure control for published counts (pure, no Django): primary and secondary cell suppression.

A table of counts is published with its row totals, column totals and grand total. Primary
suppression hides every cell (margins included) whose count lies between 1 and k−1. Secondary
suppression then makes sure that no hidden cell can be worked out from a published total: every
line of the table with its margin — a row with its row total, a column with its column total, the
row of column totals with the grand total, the column of row totals with the grand total — holds
either no hidden cell or at least two, and the extra cells are never zeros (a hidden zero beside a
hidden count would give the count away). Among the candidates of a line the smallest count is
hidden, preferring a cell whose crossing line already has a hidden cell (fewer knock-on
suppressions); the rule is applied until nothing changes. Zero cells are not sensitive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_K = 5

Position = tuple[int, int]


@dataclass(frozen=True)
class Protected:
    """A table ready to publish: `None` stands for a suppressed value."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    primary: frozenset[Position]  # in the extended grid: row index len(cells) is the totals row,
    secondary: frozenset[Position]  # column index len(columns) the totals column

    @property
    def suppressed(self) -> frozenset[Position]:
        return self.primary | self.secondary


def _extended(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a totals column on the right and a totals row below."""
    width = len(table[0]) if table else 0
    grid = [[*row, sum(row)] for row in table]
    grid.append([sum(row[j] for row in grid) for j in range(width + 1)])
    return grid


def _lines(rows: int, columns: int) -> list[list[Position]]:
    """Every line of the extended grid: each row (with its total) and each column (with its total)."""
    across = [[(i, j) for j in range(columns)] for i in range(rows)]
    down = [[(i, j) for i in range(rows)] for j in range(columns)]
    return across + down


def protect(table: Sequence[Sequence[int]], *, k: int = DEFAULT_K) -> Protected:
    """Suppress `table` (rows of non-negative counts, all of one width) for publication with margins."""
    if k < 1:
        raise ValueError("k must be at least 1.")
    width = len(table[0]) if table else 0
    if any(len(row) != width for row in table):
        raise ValueError("Every row must have the same number of cells.")
    if any(value < 0 for row in table for value in row):
        raise ValueError("Counts cannot be negative.")
    grid = _extended(table)
    rows, columns = len(grid), width + 1
    primary = {(i, j) for i in range(rows) for j in range(columns) if 0 < grid[i][j] < k}
    hidden = set(primary)
    lines = _lines(rows, columns)
    crossing: dict[Position, list[list[Position]]] = {}
    for line in lines:
        for position in line:
            crossing.setdefault(position, []).append(line)

    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(1 for p in line if p in hidden) != 1:
                continue
            candidates = [p for p in line if p not in hidden and grid[p[0]][p[1]] > 0]
            if not candidates:  # cannot happen: a line with a hidden count has another non-zero cell
                continue

            def cost(position: Position, line: list[Position] = line) -> tuple[int, int, Position]:
                others = [other for other in crossing[position] if other is not line]
                lonely = sum(1 for other in others if not any(q in hidden for q in other))
                return (grid[position[0]][position[1]], lonely, position)

            hidden.add(min(candidates, key=cost))
            changed = True

    def shown(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else grid[i][j]

    body = tuple(tuple(shown(i, j) for j in range(width)) for i in range(rows - 1))
    return Protected(
        cells=body,
        row_totals=tuple(shown(i, width) for i in range(rows - 1)),
        column_totals=tuple(shown(rows - 1, j) for j in range(width)),
        total=shown(rows - 1, width),
        primary=frozenset(primary),
        secondary=frozenset(hidden - primary),
    )


def protect_series(values: Sequence[int], *, k: int = DEFAULT_K) -> tuple[tuple[int | None, ...], int | None]:
    """A single row of counts with its total: the suppressed values and the total."""
    result = protect([list(values)], k=k)
    return (result.cells[0] if result.cells else (), result.row_totals[0] if result.row_totals else result.total)
