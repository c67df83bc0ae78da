"""Measuring scenarios against the current database connection.

Each request goes through `django.test.Client` (the whole middleware stack, templates and
serializers, no network), logged in with `force_login` as the scenario's demo user. Around each
request a `connection.execute_wrapper` counts the SQL queries and sums the time spent inside
`cursor.execute` (on PostgreSQL that includes fetching the rows; on SQLite rows are stepped
lazily, so part of the fetching counts as Python time).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import Client

from parta.bench.context import BenchContext
from parta.bench.registry import BenchRequest, Scenario

DEFAULT_ITERATIONS = 50
DEFAULT_WARMUPS = 3


class QueryTimer:
    """A database execute wrapper: counts queries and sums their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(
        self,
        execute: Callable[..., Any],
        sql: str,
        params: Any,
        many: bool,
        context: dict[str, Any],
    ) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


@dataclass
class Sample:
    seconds: float
    queries: int
    sql_seconds: float
    status: int
    size: int


@dataclass
class ScenarioResult:
    name: str
    user: str
    method: str
    path: str
    status: int
    iterations: int
    p50_ms: float
    p95_ms: float
    mean_ms: float
    min_ms: float
    max_ms: float
    queries: float
    queries_max: int
    sql_ms: float
    #: mean request time / mean SQL time (None when the request ran no SQL)
    sql_ratio: float | None
    size_bytes: int
    description: str = ""


def percentile(values: Iterable[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _send(client: Client, request: BenchRequest) -> HttpResponseBase:
    if request.method.upper() == "GET":
        return client.get(request.path, headers=request.headers)
    return client.generic(
        request.method.upper(),
        request.path,
        data=request.data if request.data is not None else "",
        content_type=request.content_type,
        headers=request.headers,
    )


def _body_size(response: HttpResponseBase) -> int:
    """Read the whole body (a server would send it), return its length."""
    if isinstance(response, StreamingHttpResponse):
        return sum(len(chunk) for chunk in response)
    if isinstance(response, HttpResponse):
        return len(response.content)
    return 0


def _measure_once(client: Client, request: BenchRequest) -> Sample:
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = _send(client, request)
        size = _body_size(response)
        elapsed = time.perf_counter() - started
    return Sample(elapsed, timer.count, timer.seconds, response.status_code, size)


def run_scenario(
    item: Scenario,
    ctx: BenchContext,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    warmups: int = DEFAULT_WARMUPS,
) -> ScenarioResult:
    """Run one scenario `warmups` + `iterations` times and summarise the measured runs."""
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    client = Client(raise_request_exception=False)
    if item.user:
        client.force_login(ctx.user(item.user))
    request = item.request(ctx)
    for _ in range(warmups):
        _measure_once(client, request)
    samples = [_measure_once(client, request) for _ in range(iterations)]
    times = [s.seconds * 1000 for s in samples]
    mean_ms = sum(times) / len(times)
    sql_ms = sum(s.sql_seconds for s in samples) * 1000 / len(samples)
    statuses = [s.status for s in samples]
    return ScenarioResult(
        name=item.name,
        user=item.user or "anonymous",
        method=request.method.upper(),
        path=request.path,
        # The most frequent status (they are normally all the same).
        status=max(set(statuses), key=statuses.count),
        iterations=iterations,
        p50_ms=percentile(times, 0.5),
        p95_ms=percentile(times, 0.95),
        mean_ms=mean_ms,
        min_ms=min(times),
        max_ms=max(times),
        queries=sum(s.queries for s in samples) / len(samples),
        queries_max=max(s.queries for s in samples),
        sql_ms=sql_ms,
        sql_ratio=mean_ms / sql_ms if sql_ms > 0 else None,
        size_bytes=samples[-1].size,
        description=item.description,
    )


def run_scenarios(
    items: Iterable[Scenario],
    ctx: BenchContext | None = None,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    warmups: int = DEFAULT_WARMUPS,
    progress: Callable[[ScenarioResult], None] | None = None,
) -> list[ScenarioResult]:
    """Run scenarios one after another on the current database connection."""
    ctx = ctx or BenchContext()
    results = []
    for item in items:
        result = run_scenario(item, ctx, iterations=iterations, warmups=warmups)
        if progress is not None:
            progress(result)
        results.append(result)
    return results
