"""Benchmark scenarios of the class journal: the list of journals, the journal page of a class
in a subject (the current study period, and the first one), and the journal API for a period and
for the whole year so far.

The journal is that of the class teacher's class (a grade-5 class instead when it is a class
without marks) in its subject with the most lessons, so the grid is as wide as the demo's."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from parta.bench.context import BenchContext, BenchError
from parta.bench.registry import scenario
from parta.journal.models import MarkFreeSubject
from parta.organizations.models import StudyPeriod
from parta.people.models import SchoolClass
from parta.timetable.models import Lesson


@dataclass(frozen=True)
class BenchJournal:
    school_class_id: int
    subject_id: int
    year_start: str
    periods: tuple[int, ...]

    def current_period(self) -> int:
        today = timezone.localdate()
        found = StudyPeriod.objects.filter(
            pk__in=self.periods, start_date__lte=today, end_date__gte=today
        ).first()
        return found.pk if found is not None else self.periods[0]


@cache
def bench_journal(school_id: int, class_id: int) -> BenchJournal:
    school_class = SchoolClass.objects.get(pk=class_id)
    if MarkFreeSubject.objects.filter(school_class=school_class).exists():
        other = (
            SchoolClass.objects.filter(school_id=school_id, grade=5)
            .order_by("letter", "pk")
            .first()
        )
        if other is None:
            raise BenchError("The demo school has no grade-5 class.")
        school_class = other
    busiest = (
        Lesson.objects.filter(school_class=school_class, study_group__isnull=True)
        .values("subject_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "subject_id")
        .first()
    )
    if busiest is None:
        raise BenchError("The demo class has no lessons: seed with lessons.")
    periods = tuple(
        StudyPeriod.objects.filter(period_set_id=school_class.period_set_id)
        .order_by("number")
        .values_list("pk", flat=True)
    )
    year = school_class.academic_year
    return BenchJournal(
        school_class_id=school_class.pk,
        subject_id=busiest["subject_id"],
        year_start=year.start_date.isoformat(),
        periods=periods,
    )


def _journal(ctx: BenchContext) -> BenchJournal:
    return bench_journal(ctx.school_id, ctx.school_class.pk)


def _page(ctx: BenchContext, period: int) -> str:
    journal = _journal(ctx)
    path = reverse(
        "journal:grid",
        kwargs={
            "school_id": ctx.school_id,
            "kind": "class",
            "pk": journal.school_class_id,
            "subject_id": journal.subject_id,
        },
    )
    return f"{path}?period={period}"


@scenario("journal.index", user="teacher")
def journal_index(ctx: BenchContext) -> str:
    """The journals a teacher may open."""
    return reverse("journal:index", kwargs={"school_id": ctx.school_id})


@scenario("journal.page", user="deputy")
def journal_page(ctx: BenchContext) -> str:
    """The journal page of a class in a subject, the current study period."""
    return _page(ctx, _journal(ctx).current_period())


@scenario("journal.page.first_period", user="deputy")
def journal_page_first(ctx: BenchContext) -> str:
    """The journal page of a class in a subject, the first study period."""
    return _page(ctx, _journal(ctx).periods[0])


@scenario("api.journal", user="deputy")
def api_journal(ctx: BenchContext) -> str:
    """API: the journal of a class in a subject for the current period, in one call."""
    journal = _journal(ctx)
    return (
        f"/api/v1/journal/?school_class={journal.school_class_id}"
        f"&subject={journal.subject_id}&period={journal.current_period()}"
    )


@scenario("api.journal.year", user="deputy")
def api_journal_year(ctx: BenchContext) -> str:
    """API: the journal of a class in a subject from the start of the year to today."""
    journal = _journal(ctx)
    return (
        f"/api/v1/journal/?school_class={journal.school_class_id}"
        f"&subject={journal.subject_id}&start={journal.year_start}"
        f"&end={timezone.localdate().isoformat()}"
    )


@scenario("api.journal.audiences", user="teacher")
def api_audiences(ctx: BenchContext) -> str:
    """API: the journals a teacher may open."""
    return f"/api/v1/journal/audiences/?school={ctx.school_id}"
