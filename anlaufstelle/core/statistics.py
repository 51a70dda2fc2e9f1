"""Order statistics shared by the figures pages (waiting times in newcomers, hours to booking in
volunteers): pure functions of a list of numbers, no Django."""

from __future__ import annotations

import math


def percentile(values: list[int], share: float) -> float | None:
    """The nearest-rank percentile (e.g. 0.9): a value that really occurred, as official statistics report."""
    if not values:
        return None
    ordered = sorted(values)
    return float(ordered[max(math.ceil(share * len(ordered)) - 1, 0)])


def median(values: list[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    return float(ordered[middle]) if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
