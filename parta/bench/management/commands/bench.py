"""`manage.py bench`: time the registered scenarios on a dedicated, seeded benchmark database.

The command prepares the target database (reusing its seeded data when nothing changed), then
starts itself again as a worker with DATABASE_URL pointing at that database and the benchmark
settings; the worker migrates, seeds if needed, measures and writes the reports.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from parta.bench.context import BenchError
from parta.bench.measure import DEFAULT_ITERATIONS, DEFAULT_WARMUPS, ScenarioResult, run_scenarios
from parta.bench.registry import scenarios
from parta.bench.report import (
    DEFAULT_OUTPUT,
    markdown_table,
    run_record,
    update_benchmarks_md,
    write_json,
)
from parta.bench.saves import (
    DEFAULT_SECONDS,
    DEFAULT_WORKERS,
    SavesResult,
    run_saves,
    run_worker,
    saves_table,
    worker_counts,
)
from parta.bench.target import prepare, read_marker, resolve_target, write_marker
from parta.core.runtime import tune_gc
from parta.demo.builder import seed_demo
from parta.demo.plan import (
    DEFAULT_SCHOOLS,
    DEFAULT_SEED,
    DEFAULT_STUDENTS_PER_SCHOOL,
    DEMO_VERSION,
)
from parta.demo.school_year import school_calendar
from parta.organizations.models import Organization

WORKER_SETTINGS = "parta.bench.settings"
#: The journal is seeded for the whole school year (every lesson from 1 September to the last
#: lesson day), whatever today's date: `seed_demo` gets that last day as its today.
JOURNAL = "whole year"
YEAR_WEEKS = 53


def seed_today() -> datetime.date:
    """The day after the last lesson day of the current school year: the demo is seeded as
    of then, so its journal covers the whole year."""
    calendar = school_calendar(timezone.localdate())
    return max(quarter.end for quarter in calendar.quarters) + datetime.timedelta(days=1)


def data_marker(*, schools: int, students_per_school: int, seed: int) -> dict[str, Any]:
    """What the seeded data depends on; any change means reseeding."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {
        "demo_version": DEMO_VERSION,
        "schools": schools,
        "students_per_school": students_per_school,
        "seed": seed,
        "year": school_calendar(timezone.localdate()).name,
        "journal": JOURNAL,
        "migrations": sorted(f"{app}.{name}" for app, name in loader.graph.leaf_nodes()),
    }


class Command(BaseCommand):
    help = (
        "Benchmark the registered scenarios (pages and API endpoints) on a dedicated database "
        "seeded with the demo data: p50/p95 time, SQL queries and SQL time per request."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schools", type=int, default=DEFAULT_SCHOOLS)
        parser.add_argument("--students-per-school", type=int, default=DEFAULT_STUDENTS_PER_SCHOOL)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--database",
            default=None,
            help=(
                "sqlite (var/bench.sqlite3), postgres (database parta_bench on the server of "
                "DATABASE_URL, else 127.0.0.1:5432) or a database URL. Default: the engine of "
                "DATABASE_URL, SQLite without one."
            ),
        )
        parser.add_argument(
            "--scenario",
            default="",
            help="Run only scenarios whose name contains this text (comma-separated list).",
        )
        parser.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS)
        parser.add_argument("--warmups", type=int, default=DEFAULT_WARMUPS)
        parser.add_argument(
            "--output",
            default=str(DEFAULT_OUTPUT),
            help="Directory for the JSON results (default bench-results/).",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="Recreate and reseed the benchmark database."
        )
        parser.add_argument(
            "--list", action="store_true", help="List the registered scenarios and exit."
        )
        parser.add_argument(
            "--saves",
            default=DEFAULT_WORKERS,
            help=(
                "Sustained mark saves: run with these numbers of worker processes in turn "
                f"(default {DEFAULT_WORKERS}; empty or 0: none). Runs with a full run or a "
                "--scenario containing 'saves'."
            ),
        )
        parser.add_argument(
            "--saves-seconds",
            type=float,
            default=DEFAULT_SECONDS,
            help=f"How long each saves run lasts (default {DEFAULT_SECONDS:g} s).",
        )
        parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--saves-worker", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--saves-of", type=int, default=1, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["iterations"] < 1 or options["warmups"] < 0:
            raise CommandError("--iterations must be at least 1 and --warmups at least 0.")
        try:
            if options["list"]:
                for item in scenarios(options["scenario"]):
                    user = item.user or "anonymous"
                    self.stdout.write(f"{item.name:<24} {user:<14} {item.description}")
                return
            if options["saves_worker"] is not None:
                report = run_worker(
                    options["saves_worker"],
                    options["saves_of"],
                    options["saves_seconds"],
                    self.stdout,
                )
                self.stdout.write(json.dumps(report))
            elif options["worker"]:
                self._worker(options)
            else:
                self._parent(options)
        except BenchError as exc:
            raise CommandError(str(exc)) from exc

    # --- parent: prepare the database, start the worker --------------------------------------
    def _parent(self, options: dict[str, Any]) -> None:
        target = resolve_target(options["database"])
        marker = data_marker(
            schools=options["schools"],
            students_per_school=options["students_per_school"],
            seed=options["seed"],
        )
        reuse = prepare(target, marker, fresh=options["fresh"])
        state = "reusing the seeded data" if reuse else "empty, will be seeded"
        self.stdout.write(f"Benchmark database: {target.label} ({state})")
        command = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "bench",
            "--worker",
            f"--schools={options['schools']}",
            f"--students-per-school={options['students_per_school']}",
            f"--seed={options['seed']}",
            f"--iterations={options['iterations']}",
            f"--warmups={options['warmups']}",
            f"--output={Path(options['output']).resolve()}",
            f"--scenario={options['scenario']}",
            f"--saves={options['saves']}",
            f"--saves-seconds={options['saves_seconds']}",
        ]
        env = {**os.environ, "DATABASE_URL": target.url, "DJANGO_SETTINGS_MODULE": WORKER_SETTINGS}
        self.stdout.flush()
        code = subprocess.call(command, env=env, cwd=settings.BASE_DIR)
        if code:
            raise CommandError(f"The benchmark worker failed (exit code {code}).")

    # --- worker: seed if needed, measure, report ----------------------------------------------
    def _worker(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        marker = data_marker(
            schools=options["schools"],
            students_per_school=options["students_per_school"],
            seed=options["seed"],
        )
        seed_seconds: float | None = None
        if read_marker() != marker:
            if Organization.objects.exists():
                raise BenchError(
                    "The benchmark database has data from another run; use --fresh to recreate it."
                )
            self.stdout.write(
                f"Seeding {options['schools']} × {options['students_per_school']} students "
                f"(seed {options['seed']})…"
            )
            result = seed_demo(
                schools=options["schools"],
                students_per_school=options["students_per_school"],
                seed=options["seed"],
                today=seed_today(),
                weeks=YEAR_WEEKS,
            )
            write_marker(marker)
            seed_seconds = result.seconds
            self.stdout.write(f"Seeded in {seed_seconds:.1f} s.")
        tune_gc()  # measured as served (config/wsgi.py)
        items = scenarios(options["scenario"])
        saves = worker_counts(options["saves"])
        if options["scenario"] and "saves" not in options["scenario"]:
            saves = []
        if not items and not saves:
            raise BenchError(f"No scenario matches {options['scenario']!r} (see bench --list).")
        self.stdout.write(
            f"Running {len(items)} scenario(s): {options['warmups']} warm-up(s) + "
            f"{options['iterations']} measured request(s) each."
        )

        def progress(result: ScenarioResult) -> None:
            self.stdout.write(
                f"  {result.name:<22} {result.status}  p50 {result.p50_ms:7.1f} ms  "
                f"{result.queries:g} queries"
            )

        results = run_scenarios(
            items, iterations=options["iterations"], warmups=options["warmups"], progress=progress
        )
        saved: list[SavesResult] = []
        for workers in saves:
            self.stdout.write(f"  mark saves, {workers} worker(s), {options['saves_seconds']:g} s…")
            saved.append(run_saves(workers, options["saves_seconds"]))
        table = markdown_table(results) if results else ""
        record = run_record(
            results,
            data={
                "schools": options["schools"],
                "students_per_school": options["students_per_school"],
                "seed": options["seed"],
            },
            iterations=options["iterations"],
            warmups=options["warmups"],
            seed_seconds=seed_seconds,
        )
        record["saves"] = [asdict(result) for result in saved]
        path = write_json(record, Path(options["output"]))
        self.stdout.write("")
        self.stdout.write(f"{record['database']['label']}, {record['date']}")
        self.stdout.write(table)
        self.stdout.write("")
        if saved:
            self.stdout.write("Sustained mark saves (workers at the same time):")
            self.stdout.write(saves_table(saved))
            errors = [r.first_error for r in saved if r.first_error]
            if errors:
                self.stdout.write(self.style.WARNING(f"Failed saves, the first: {errors[0]}"))
            self.stdout.write("")
        failing = [f"{r.name} ({r.status})" for r in results if r.status >= 400]
        if failing:
            self.stdout.write(
                self.style.WARNING(f"Answered with an error status: {', '.join(failing)}")
            )
        self.stdout.write(f"Results: {path}")
        if options["scenario"]:
            self.stdout.write("BENCHMARKS.md is updated by full runs only (no --scenario).")
        else:
            if saved:
                table += "\n\nSustained mark saves (workers at the same time):\n\n"
                table += saves_table(saved)
            update_benchmarks_md(record, table)
            self.stdout.write("BENCHMARKS.md updated.")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
