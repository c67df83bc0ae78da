"""The benchmark machinery on the test database: registry, measuring, reports, targets."""

import dataclasses
import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from parta.bench import registry
from parta.bench.context import BenchContext, BenchError
from parta.bench.measure import percentile, run_scenarios
from parta.bench.report import (
    markdown_section,
    markdown_table,
    run_record,
    update_benchmarks_text,
    write_json,
)
from parta.bench.target import (
    BENCH_PG_NAME,
    BENCH_SQLITE,
    read_marker,
    resolve_target,
    write_marker,
)
from parta.demo.builder import seed_demo


@pytest.fixture
def seeded(db):
    seed_demo(schools=1, students_per_school=40, seed=5)


def test_builtin_scenarios_are_registered():
    names = [item.name for item in registry.scenarios()]
    for expected in (
        "home.director",
        "home.parent",
        "home.municipal",
        "classes.list",
        "students.list",
        "api.me",
        "api.students.list",
    ):
        assert expected in names
    assert [item.name for item in registry.scenarios("home.dir, api.me")] == [
        "home.director",
        "api.me",
    ]


def test_a_name_cannot_be_registered_twice():
    registry.scenario("test.twice", user=None)(lambda ctx: "/")
    with pytest.raises(ImproperlyConfigured):
        registry.scenario("test.twice", user=None)(lambda ctx: "/other/")
    registry._REGISTRY.pop("test.twice")


def test_run_scenarios_measures_requests(seeded):
    items = registry.scenarios("home.director,home.municipal,api.me")
    results = run_scenarios(items, BenchContext(), iterations=2, warmups=1)
    assert [r.name for r in results] == ["home.director", "home.municipal", "api.me"]
    for result in results:
        row = dataclasses.asdict(result)
        for key in ("p50_ms", "p95_ms", "mean_ms", "queries", "sql_ms", "sql_ratio", "status"):
            assert key in row
        assert result.iterations == 2
        assert result.p50_ms > 0
        assert result.p95_ms >= result.p50_ms
        assert result.queries > 0
        assert result.sql_ms > 0
        assert result.sql_ratio is not None
        assert result.sql_ratio > 1
    home = results[0]
    assert home.status == 200
    assert home.size_bytes > 0


def test_reports(seeded, tmp_path):
    results = run_scenarios(registry.scenarios("home.director"), iterations=2, warmups=0)
    table = markdown_table(results)
    assert table.splitlines()[2].startswith("| home.director | director | 200 |")
    record = run_record(
        results,
        data={"schools": 1, "students_per_school": 40, "seed": 5},
        iterations=2,
        warmups=0,
        seed_seconds=1.5,
    )
    path = write_json(record, tmp_path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["results"][0]["name"] == "home.director"
    assert saved["machine"]["cpu_count"]
    section = markdown_section(record, table)
    text = update_benchmarks_text("", "sqlite", section)
    assert "# Benchmarks" in text
    assert text.count("home.director") == 1
    again = update_benchmarks_text(text, "sqlite", section.replace("home.director", "x.y"))
    assert "home.director" not in again
    assert "x.y" in again
    both = update_benchmarks_text(again, "postgresql", section)
    assert "<!-- bench:sqlite:start -->" in both
    assert "<!-- bench:postgresql:start -->" in both


def test_missing_demo_data_is_reported(db):
    with pytest.raises(BenchError, match="seed_demo"):
        BenchContext().user("director")


def test_marker_round_trip(db):
    assert read_marker() is None
    write_marker({"schools": 1, "migrations": ["a.0001"]})
    write_marker({"schools": 2, "migrations": ["a.0001"]})
    assert read_marker() == {"schools": 2, "migrations": ["a.0001"]}


def test_percentile():
    assert percentile([5.0], 0.95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile(range(1, 101), 0.95) == pytest.approx(95.05)


def test_resolve_target():
    assert resolve_target(None, environ_url="").url == f"sqlite:///{BENCH_SQLITE}"
    pg = resolve_target("postgres", environ_url="")
    assert pg.vendor == "postgresql"
    assert pg.name == BENCH_PG_NAME
    assert pg.owned
    from_env = resolve_target(None, environ_url="postgres://u:p@db.example:6543/parta")
    assert from_env.url == f"postgres://u:p@db.example:6543/{BENCH_PG_NAME}"
    explicit = resolve_target("postgres://u@h/mine", environ_url="")
    assert explicit.name == "mine"
    assert not explicit.owned
    with pytest.raises(BenchError):
        resolve_target("mysql", environ_url="")
