"""`manage.py bench_lessons`: time a whole year of lesson generation for one demo school.

Seeds one school of the demo (1,000 students: about 40 classes) with its timetable but without
lessons, then runs `lessons_generate` over the school year twice: the first run creates every
lesson, the second regenerates them (nothing changed, so every lesson is compared and kept).
Everything happens in one transaction that is rolled back: the database is left empty. A
developer tool: its output is not translated."""

from __future__ import annotations

import datetime
import os
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from parta.bench.report import (
    BENCHMARKS_MD,
    database_info,
    git_commit,
    machine_info,
    update_benchmarks_text,
)
from parta.demo.builder import seed_demo
from parta.demo.plan import DEFAULT_SEED
from parta.organizations.models import AcademicYear, Organization, StudyPeriod
from parta.people.models import SchoolClass
from parta.timetable.bench import GenerationTiming, time_generation
from parta.timetable.models import TimetableEntry

#: The budget of the issue: a year of lessons of a 1,000-student school in under 10 s.
BUDGET_SECONDS = 10.0


class Command(BaseCommand):
    help = (
        "Time the generation of a school year of lessons for one demo school (first run and "
        "regeneration). Needs an empty, migrated database; leaves it empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--students", type=int, default=1000, help="Students (default 1000).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--write",
            action="store_true",
            help="Replace this database's lesson-generation section of BENCHMARKS.md.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.exists():
            raise CommandError("The database is not empty: use an empty, migrated database.")
        with transaction.atomic():
            started = time.perf_counter()
            seed_demo(
                schools=1,
                students_per_school=options["students"],
                seed=options["seed"],
                lessons=False,
            )
            seeded = time.perf_counter() - started
            year = AcademicYear.objects.get()
            last = StudyPeriod.objects.filter(period_set__academic_year=year).aggregate(
                last=Max("end_date")
            )["last"]
            classes = SchoolClass.objects.count()
            entries = TimetableEntry.objects.count()
            runs = [time_generation(academic_year=year, end=last) for _ in range(2)]
            transaction.set_rollback(True)
        section = self._section(options["students"], classes, entries, seeded, year, last, runs)
        self.stdout.write(section)
        if options["write"]:
            text = BENCHMARKS_MD.read_text(encoding="utf-8") if BENCHMARKS_MD.exists() else ""
            vendor = f"lessons-{database_info()['vendor']}"
            BENCHMARKS_MD.write_text(
                update_benchmarks_text(text, vendor, section), encoding="utf-8"
            )
            self.stdout.write(f"{BENCHMARKS_MD.name} updated.")

    @staticmethod
    def _section(
        students: int,
        classes: int,
        entries: int,
        seeded: float,
        year: AcademicYear,
        last: datetime.date | None,
        runs: list[GenerationTiming],
    ) -> str:
        database = database_info()
        machine = machine_info()
        first, second = runs
        verdict = "within" if max(r.seconds for r in runs) < BUDGET_SECONDS else "OVER"
        lines = [
            f"## Lesson generation, {database['label']}",
            "",
            f"- Date: {timezone.now().isoformat(timespec='seconds')}, commit `{git_commit()}`",
            f"- Data: 1 school × {students} students, {classes} classes, {entries} timetable "
            f"entries (seeded without lessons in {seeded:.1f} s); lessons "
            f"{year.start_date:%d.%m.%Y}–{(last or year.end_date):%d.%m.%Y}",
            f"- Machine: {machine['cpu']}, {machine['cpu_count']} CPUs; Python "
            f"{machine['python']}, Django {machine['django']}",
            f"- Budget: under {BUDGET_SECONDS:g} s per run — {verdict} budget; machine load "
            f"average {os.getloadavg()[0]:.1f} when done (other work slows the runs down)",
            "",
            "| Run | Time, s | Queries | SQL, s | Created | Updated | Deleted | Unchanged |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for label, run in (("generate (empty year)", first), ("regenerate (no change)", second)):
            lines.append(
                f"| {label} | {run.seconds:.2f} | {run.queries} | {run.sql_seconds:.2f} | "
                f"{run.created} | {run.updated} | {run.deleted} | {run.unchanged} |"
            )
        return "\n".join(lines)
