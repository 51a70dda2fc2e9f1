"""One way to write a query budget in tests: a failure lists every SQL statement that ran.

with query_budget(3):                      # at most three queries
    figures = event_figures(...)

with query_budget() as one:                # only count
    client.get(url)
...add rows...
with query_budget(one.count) as many:      # no more with many rows than with one
    client.get(url)
many.assert_exactly(one.count)             # where the old test asked for the same number

response = assert_query_budget(client.get, url, max=12)   # one request, status 200, at most 12
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


class Queries:
    """The statements captured by one `query_budget` block (live while the block runs)."""

    def __init__(self, context: CaptureQueriesContext, label: str = "") -> None:
        self._context = context
        self.label = label

    @property
    def sql(self) -> list[str]:
        return [query["sql"] for query in self._context.captured_queries]

    @property
    def count(self) -> int:
        return len(self._context.captured_queries)

    def __len__(self) -> int:
        return self.count

    def listing(self) -> str:
        return "\n".join(f"{number:>3}. {sql}" for number, sql in enumerate(self.sql, start=1))

    def _fail(self, expectation: str) -> None:
        where = f"{self.label}: " if self.label else ""
        raise AssertionError(f"{where}{self.count} queries, expected {expectation}:\n{self.listing()}")

    def assert_at_most(self, limit: int) -> None:
        if self.count > limit:
            self._fail(f"at most {limit}")

    def assert_exactly(self, number: int) -> None:
        if self.count != number:
            self._fail(f"exactly {number}")


@contextmanager
def query_budget(max: int | None = None, *, label: str = "") -> Iterator[Queries]:
    """Capture the queries of the block; with `max`, fail listing the SQL when the block ran more."""
    with CaptureQueriesContext(connection) as context:
        queries = Queries(context, label)
        yield queries
    if max is not None:
        queries.assert_at_most(max)


def assert_query_budget(call: Callable[..., Any], *args: Any, max: int, status: int | None = 200, **kwargs: Any) -> Any:
    """Run `call(*args, **kwargs)` (e.g. `client.get, url`) within `max` queries; check the status code."""
    with query_budget(max, label=f"{getattr(call, '__name__', call)}{args}") as _queries:
        result = call(*args, **kwargs)
    if status is not None:
        assert result.status_code == status, f"{args}: status {result.status_code}, expected {status}"
    return result
