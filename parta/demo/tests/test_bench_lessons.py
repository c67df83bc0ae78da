"""`manage.py bench_lessons` and the timetable's benchmark scenarios, on the test database."""

import io

import pytest
from django.core.management import CommandError, call_command

from parta.bench.measure import run_scenarios
from parta.bench.registry import scenarios
from parta.demo.builder import seed_demo
from parta.demo.management.commands import bench_lessons
from parta.organizations.models import Organization
from parta.timetable.models import Lesson


@pytest.mark.django_db
def test_bench_lessons_times_two_runs_and_leaves_the_database_empty(tmp_path, monkeypatch):
    # given an empty database and a BENCHMARKS.md with another section
    target = tmp_path / "BENCHMARKS.md"
    target.write_text(
        "# Benchmarks\n\n<!-- bench:sqlite:start -->\nkept\n<!-- bench:sqlite:end -->\n"
    )
    monkeypatch.setattr(bench_lessons, "BENCHMARKS_MD", target)
    out = io.StringIO()
    # when the generation is timed for a small school
    call_command("bench_lessons", "--students", "60", "--write", stdout=out)
    # then both runs are reported: the first creates, the second finds nothing to change
    text = out.getvalue()
    rows = [line for line in text.splitlines() if line.startswith(("| generate", "| regenerate"))]
    assert len(rows) == 2
    created = int(rows[0].split("|")[5])
    assert created > 1000
    assert int(rows[1].split("|")[8]) == created
    # and nothing stays in the database; BENCHMARKS.md gets its own section
    assert not Organization.objects.exists()
    assert not Lesson.objects.exists()
    written = target.read_text()
    assert "kept" in written
    assert "## Lesson generation" in written


@pytest.mark.django_db
def test_bench_lessons_refuses_a_database_with_data():
    seed_demo(schools=1, students_per_school=30, seed=3, lessons=False)
    with pytest.raises(CommandError, match="not empty"):
        call_command("bench_lessons", stdout=io.StringIO())


@pytest.mark.django_db
def test_timetable_scenarios_answer_on_the_demo():
    # given a small demo school with its timetable and lessons
    seed_demo(schools=1, students_per_school=40, seed=5)
    # when the timetable scenarios run once each
    items = scenarios("timetable.,api.timetable_entries")
    assert len(items) == 6
    results = run_scenarios(items, iterations=1, warmups=0)
    # then every page and endpoint answers, with a bounded number of queries
    assert {result.name: result.status for result in results} == {item.name: 200 for item in items}
    assert all(result.queries <= 14 for result in results)
