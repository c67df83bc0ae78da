"""`manage.py seed_demo`: fill an empty database with deterministic, realistic demo data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from parta.demo.builder import DemoDataError, seed_demo
from parta.demo.journal import DEFAULT_WEEKS
from parta.demo.logins import URL, demo_logins, format_table
from parta.demo.plan import (
    DEFAULT_SCHOOLS,
    DEFAULT_SEED,
    DEFAULT_STUDENTS_PER_SCHOOL,
    MAX_SCHOOLS,
    MAX_STUDENTS_PER_SCHOOL,
    MIN_STUDENTS_PER_SCHOOL,
)
from parta.organizations.models import Organization


class Command(BaseCommand):
    help = (
        "Fill an empty database with demo data: a region, a municipality, schools with their "
        "year, classes, students, parents, staff and logins, the curriculum, teaching load, bell "
        "schedules, weekly timetable, the year's lessons and the journal of the last weeks (topics, "
        "homework, marks, absences). The same seed gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schools",
            type=int,
            default=DEFAULT_SCHOOLS,
            help=f"Number of schools (1–{MAX_SCHOOLS}, default {DEFAULT_SCHOOLS}).",
        )
        parser.add_argument(
            "--students-per-school",
            type=int,
            default=DEFAULT_STUDENTS_PER_SCHOOL,
            help=(
                f"Students in each school ({MIN_STUDENTS_PER_SCHOOL}–{MAX_STUDENTS_PER_SCHOOL}, "
                f"default {DEFAULT_STUDENTS_PER_SCHOOL})."
            ),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"Random seed (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--weeks",
            type=int,
            default=DEFAULT_WEEKS,
            help=(
                f"Weeks before today whose journal is filled: topics, homework, marks and "
                f"absences (default {DEFAULT_WEEKS}; 0 leaves the journal empty)."
            ),
        )
        parser.add_argument(
            "--without-lessons",
            action="store_true",
            help=(
                "Leave out the dated lessons of the year (the timetable is still built; "
                "lessons can be generated later). Much faster for big deployments."
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only if the database has no organizations; otherwise just print the logins.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            has_data = Organization.objects.exists()
        except DatabaseError as exc:
            raise CommandError(
                _("The database is not ready (%(error)s): run `manage.py migrate` first.")
                % {"error": exc}
            ) from exc
        if has_data:
            if not options["if_empty"]:
                raise CommandError(
                    _(
                        "The database already contains organizations, and seed_demo only fills "
                        "an empty database. To start over, use a fresh database: delete "
                        "var/parta.sqlite3 (or drop the PostgreSQL database), run "
                        "`manage.py migrate`, then `manage.py seed_demo`."
                    )
                )
            self.stdout.write(_("The database already has data: no demo data was created."))
            self._print_logins()
            return
        try:
            result = seed_demo(
                schools=options["schools"],
                students_per_school=options["students_per_school"],
                seed=options["seed"],
                lessons=not options["without_lessons"],
                weeks=max(0, options["weeks"]),
            )
        except (ValueError, DemoDataError) as exc:
            raise CommandError(str(exc)) from exc
        labels = {
            "schools": pgettext("demo data summary", "schools"),
            "classes": pgettext("demo data summary", "classes"),
            "students": pgettext("demo data summary", "students"),
            "staff": pgettext("demo data summary", "staff"),
            "parents": pgettext("demo data summary", "parents"),
            "logins": pgettext("demo data summary", "logins"),
            "rooms": pgettext("demo data summary", "rooms"),
            "study groups": pgettext("demo data summary", "study groups"),
            "timetable entries": pgettext("demo data summary", "timetable entries"),
            "lessons": pgettext("demo data summary", "lessons"),
            "thematic plans": pgettext("demo data summary", "thematic plans"),
            "assessment procedures": pgettext("demo data summary", "assessment procedures"),
            "substitutions": pgettext("demo data summary", "substitutions"),
            "cancelled lessons": pgettext("demo data summary", "cancelled lessons"),
            "assignments": pgettext("demo data summary", "assignments"),
            "marks": pgettext("demo data summary", "marks"),
            "attendance marks": pgettext("demo data summary", "attendance marks"),
            "conversations": pgettext("demo data summary", "conversations"),
            "messages": pgettext("demo data summary", "messages"),
            "announcements": pgettext("demo data summary", "announcements"),
            "events": pgettext("demo data summary", "events"),
            "notifications": pgettext("demo data summary", "notifications"),
        }
        counts = ", ".join(
            f"{labels.get(name, name)}: {count}" for name, count in result.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data created in %(seconds).1f s (seed %(seed)s).")
                % {"seconds": result.seconds, "seed": options["seed"]}
            )
        )
        self.stdout.write(counts)
        self._print_logins()
        if options["schools"] > 1:
            self.stdout.write(
                _(
                    "Schools 2, 3 … have the same logins with the school number: director2, "
                    "teacher2, classteacher2, student2, parent2 …"
                )
            )

    def _print_logins(self) -> None:
        rows = demo_logins()
        if not rows:
            return
        self.stdout.write("")
        self.stdout.write(format_table(rows))
        self.stdout.write("")
        self.stdout.write(_("Open %(url)s and log in with any of these logins.") % {"url": URL})
