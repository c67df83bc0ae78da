"""Benchmark scenarios of the diary week: the week page and the week through the API, for the
demo student (a full year of marks in the demo), a week in the middle of the school year so
far (every day with lessons, marks and homework)."""

from __future__ import annotations

import datetime
from functools import cache

from django.urls import reverse
from django.utils import timezone

from parta.bench.context import BenchContext, BenchError
from parta.bench.registry import scenario
from parta.people.models import Enrollment


@cache
def bench_week(student_id: int) -> str:
    """The Monday in the middle of the student's current enrollment up to today."""
    today = timezone.localdate()
    enrollment = (
        Enrollment.objects.filter(student_id=student_id, start_date__lte=today)
        .select_related("school_class__academic_year")
        .order_by("-start_date")
        .first()
    )
    if enrollment is None:
        raise BenchError("The demo student is enrolled in no class: seed the demo.")
    year = enrollment.school_class.academic_year
    start = max(enrollment.start_date, year.start_date)
    end = min(today, year.end_date)
    middle = start + (end - start) / 2
    return (middle - datetime.timedelta(days=middle.weekday())).isoformat()


@scenario("diary.week", user="student")
def diary_week_page(ctx: BenchContext) -> str:
    """The diary page of the demo student, a week in the middle of the year so far."""
    path = reverse(
        "diary:student_week", kwargs={"school_id": ctx.school_id, "student_id": ctx.student.pk}
    )
    return f"{path}?week={bench_week(ctx.student.pk)}"


@scenario("api.diary", user="student")
def api_diary(ctx: BenchContext) -> str:
    """API: the demo student's diary week in one call (the same week as the page)."""
    return f"/api/v1/students/{ctx.student.pk}/diary/?week={bench_week(ctx.student.pk)}"
