"""Benchmark scenarios of the timetable (pages and API), and the timing of lesson generation.

The grid pages show the week of the demo data's current date; `time_generation()` is used by
`manage.py bench_lessons` (a year of lessons for a whole school, which is not a request)."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from parta.bench.context import BenchContext, BenchError
from parta.bench.measure import QueryTimer
from parta.bench.registry import scenario
from parta.core.context import Actor
from parta.organizations.models import AcademicYear
from parta.people.models import StaffMember
from parta.timetable.services import lessons_generate


def _teacher_id(ctx: BenchContext) -> int:
    """The staff record of the `teacher` demo login (an English teacher with a full load)."""
    found = (
        StaffMember.objects.filter(school=ctx.school, person__user=ctx.user("teacher"))
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise BenchError("The demo login 'teacher' has no staff record.")
    return found


@scenario("timetable.index", user="deputy")
def timetable_index(ctx: BenchContext) -> str:
    """Timetable index: classes, teachers and rooms of the school with links to their grids."""
    return reverse("timetable:index", kwargs={"school_id": ctx.school_id})


@scenario("timetable.class_grid", user="deputy")
def class_grid(ctx: BenchContext) -> str:
    """Weekly grid of the class teacher's class, editable (deputy director)."""
    return reverse(
        "timetable:class_grid", kwargs={"school_id": ctx.school_id, "pk": ctx.school_class.pk}
    )


@scenario("timetable.class_grid.student", user="student")
def class_grid_student(ctx: BenchContext) -> str:
    """Weekly grid of the student's own class, read-only."""
    return reverse(
        "timetable:class_grid",
        kwargs={"school_id": ctx.school_id, "pk": ctx.student.enrollments.get().school_class_id},
    )


@scenario("timetable.teacher_grid", user="teacher")
def teacher_grid(ctx: BenchContext) -> str:
    """The teacher's own weekly grid (every class and subgroup they teach)."""
    return reverse(
        "timetable:teacher_grid", kwargs={"school_id": ctx.school_id, "pk": _teacher_id(ctx)}
    )


@scenario("timetable.room_grid", user="deputy")
def room_grid(ctx: BenchContext) -> str:
    """Weekly grid of the home room of the class teacher's class."""
    room_id = ctx.school_class.home_room_id
    if room_id is None:
        raise BenchError("The class of 'classteacher' has no home room.")
    return reverse("timetable:room_grid", kwargs={"school_id": ctx.school_id, "pk": room_id})


@scenario("api.timetable_entries.list", user="deputy")
def api_entries(ctx: BenchContext) -> str:
    """API: timetable entries of the school, first page."""
    return f"/api/v1/timetable-entries/?school={ctx.school_id}"


@scenario("api.lessons.list", user="deputy")
def api_lessons(ctx: BenchContext) -> str:
    """API: the school's lessons of the current week, first page."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    sunday = monday + datetime.timedelta(days=6)
    return (
        f"/api/v1/lessons/?school={ctx.school_id}"
        f"&date_from={monday.isoformat()}&date_to={sunday.isoformat()}"
    )


@dataclass(frozen=True)
class GenerationTiming:
    """One run of `lessons_generate` over a whole academic year."""

    seconds: float
    queries: int
    sql_seconds: float
    created: int
    updated: int
    deleted: int
    unchanged: int


def time_generation(
    *, academic_year: AcademicYear, end: datetime.date | None = None
) -> GenerationTiming:
    """Generate (or regenerate) the lessons of `academic_year` up to `end` (its last day by
    default) and measure it: wall time, SQL queries and the time spent in them."""
    from django.db import connection

    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        started = time.perf_counter()
        result = lessons_generate(
            actor=Actor.system(),
            academic_year=academic_year,
            start=academic_year.start_date,
            end=end or academic_year.end_date,
        )
        seconds = time.perf_counter() - started
    return GenerationTiming(
        seconds=seconds,
        queries=timer.count,
        sql_seconds=timer.seconds,
        created=result.created,
        updated=result.updated,
        deleted=result.deleted,
        unchanged=result.unchanged,
    )


@scenario("lessons.day", user="deputy")
def lessons_day(ctx: BenchContext) -> str:
    """Today's lessons of the whole school with substitutions and cancellations («замены»)."""
    return reverse("timetable:lessons_day", kwargs={"school_id": ctx.school_id})


@scenario("lessons.class_week", user="classteacher")
def lessons_class_week(ctx: BenchContext) -> str:
    """This week's dated lessons of the class teacher's class."""
    return reverse(
        "timetable:class_week", kwargs={"school_id": ctx.school_id, "pk": ctx.school_class.pk}
    )


@scenario("lessons.teacher_week", user="teacher")
def lessons_teacher_week(ctx: BenchContext) -> str:
    """This week's dated lessons of the teacher (with those they substitute)."""
    return reverse(
        "timetable:teacher_week", kwargs={"school_id": ctx.school_id, "pk": _teacher_id(ctx)}
    )


@scenario("lessons.changes_report", user="deputy")
def changes_report(ctx: BenchContext) -> str:
    """Substitutions and cancellations of the whole academic year, counts and the list."""
    year = AcademicYear.objects.filter(school=ctx.school).order_by("-start_date").first()
    if year is None:
        raise BenchError("The demo school has no academic year.")
    return (
        reverse("timetable:changes_report", kwargs={"school_id": ctx.school_id})
        + f"?start={year.start_date.isoformat()}&end={year.end_date.isoformat()}"
    )
