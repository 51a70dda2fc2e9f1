"""Disclosure control: no published count between 1 and k−1, and no hidden count recoverable from a total."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anlaufstelle.reports.disclosure import DEFAULT_K, protect, protect_series

counts = st.one_of(st.integers(0, 12), st.integers(0, 200))
tables = st.integers(1, 6).flatmap(
    lambda width: st.lists(st.lists(counts, min_size=width, max_size=width), min_size=1, max_size=6)
)


def extended(result):  # type: ignore[no-untyped-def]
    """The published grid with its margins, `None` where suppressed."""
    grid = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    grid.append([*result.column_totals, result.total])
    return grid


def truth(table):  # type: ignore[no-untyped-def]
    grid = [[*row, sum(row)] for row in table]
    grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    return grid


def lines(grid):  # type: ignore[no-untyped-def]
    """Each line as (inner positions, total position)."""
    rows, columns = len(grid), len(grid[0])
    for i in range(rows):
        yield [(i, j) for j in range(columns - 1)], (i, columns - 1)
    for j in range(columns):
        yield [(i, j) for i in range(rows - 1)], (rows - 1, j)


@given(tables, st.integers(1, 11))
def test_no_published_cell_lies_between_one_and_k_minus_one(table, k) -> None:  # type: ignore[no-untyped-def]
    for row in extended(protect(table, k=k)):
        for value in row:
            assert value is None or value == 0 or value >= k


@given(tables, st.integers(1, 11))
def test_no_suppressed_cell_is_a_published_total_minus_the_published_cells_of_its_line(table, k) -> None:  # type: ignore[no-untyped-def]
    published, real = extended(protect(table, k=k)), truth(table)
    for inner, (ti, tj) in lines(published):
        total = published[ti][tj]
        hidden = [p for p in inner if published[p[0]][p[1]] is None]
        if total is None or not hidden:
            continue
        rest = total - sum(published[i][j] for i, j in inner if published[i][j] is not None)
        for i, j in hidden:
            assert real[i][j] != rest, (table, k, (i, j))


@given(tables, st.integers(1, 11))
def test_published_values_are_the_true_values_and_zeros_are_never_hidden(table, k) -> None:  # type: ignore[no-untyped-def]
    result = protect(table, k=k)
    published, real = extended(result), truth(table)
    for i, row in enumerate(published):
        for j, value in enumerate(row):
            assert value in (None, real[i][j])
            if real[i][j] == 0:
                assert value == 0
    assert result.primary.isdisjoint(result.secondary)


@given(tables)
def test_no_total_is_recoverable_from_its_published_cells(table) -> None:  # type: ignore[no-untyped-def]
    published = extended(protect(table))
    for inner, (ti, tj) in lines(published):
        if published[ti][tj] is None:
            assert sum(1 for i, j in inner if published[i][j] is None) >= 1


def test_a_small_count_alone_in_its_row_takes_a_partner() -> None:
    result = protect([[3, 10, 20], [8, 9, 30]])
    assert result.cells[0][0] is None
    # The row's total is published, so a second cell of the row is hidden: the smallest, 10.
    assert result.cells[0][1] is None
    # ... and each column with one hidden cell hides another: 8 and 9 in the second row.
    assert result.cells[1][0] is None and result.cells[1][1] is None
    assert result.cells[0][2] == 20 and result.row_totals == (33, 47)


def test_large_counts_are_published_unchanged() -> None:
    result = protect([[5, 6], [7, 0]])
    assert result.cells == ((5, 6), (7, 0)) and result.total == 18 and not result.suppressed


def test_a_small_total_is_hidden_with_its_cells() -> None:
    values, total = protect_series([1, 2, 0])
    assert values == (None, None, 0) and total is None


def test_k_is_configurable_and_checked() -> None:
    assert protect([[3, 40]], k=3).cells == ((3, 40),)
    assert DEFAULT_K == 5
    with pytest.raises(ValueError):
        protect([[1]], k=0)
    with pytest.raises(ValueError):
        protect([[1, 2], [3]])
    with pytest.raises(ValueError):
        protect([[-1]])
