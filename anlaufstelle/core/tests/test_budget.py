"""The query-budget helper fails listing every statement that ran."""

from __future__ import annotations

import pytest

from anlaufstelle.core.models import Centre
from anlaufstelle.core.tests.budget import query_budget


@pytest.mark.django_db
def test_a_budget_overrun_lists_the_sql() -> None:
    with pytest.raises(AssertionError) as failure, query_budget(1, label="two reads"):
        list(Centre.objects.all())
        list(Centre.objects.filter(slug="x"))
    message = str(failure.value)
    assert message.startswith("two reads: 2 queries, expected at most 1")
    assert message.count(". SELECT") == 2 and "  1. SELECT" in message and "  2. SELECT" in message


@pytest.mark.django_db
def test_counting_without_a_limit_and_an_exact_comparison() -> None:
    with query_budget() as queries:
        list(Centre.objects.all())
    assert queries.count == len(queries) == 1
    queries.assert_exactly(1)
    with pytest.raises(AssertionError, match="expected exactly 2"):
        queries.assert_exactly(2)
