"""Benchmark scenarios of the class journal: the list of journals, the journal page of a class
in a subject (the current study period, and the first one), and the journal API for a period and
for the whole year so far.

`MarkSaves` is the load of the sustained-saves benchmark (`parta.bench.saves`): workers saving
marks through the mark service at the same time.

The journal is that of the class teacher's class (a grade-5 class instead when it is a class
without marks) in its subject with the most lessons, so the grid is as wide as the demo's."""

from __future__ import annotations

import random
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


# --- sustained mark saves (run by `bench`, see parta.bench.saves) ---------------------------
#: Share of the saves that go to the few cells every worker writes (and so may be stale).
CONTENDED_SHARE = 0.1
#: How many cells are shared by all workers.
CONTENDED_CELLS = 3
#: How many recent lessons of the class the workers write in.
SAVE_LESSONS = 20


class MarkSaves:
    """One worker's load: it saves marks through `services.marks.mark_set` as the deputy
    (who may write at any date, so no edit window gets in the way), with the version of the
    mark it last saw, in the journal of a class that the page scenarios do not read (the last
    class of the school with lessons), in its subject with the most lessons, at its
    `SAVE_LESSONS` latest lessons up to today. The students are shared out between the
    workers (separate cells), except the first one, whose few cells every worker writes now
    and then (`CONTENDED_SHARE`): a save there may find that another worker saved since, and
    is then refused as stale (counted, not as a save) and retried later with the new
    version."""

    def __init__(self, ctx: BenchContext, index: int, workers: int) -> None:
        from parta.core.context import Actor
        from parta.journal.models import Assignment, Mark
        from parta.people.models import Enrollment, Student

        journal = _journal(ctx)
        today = timezone.localdate()
        school_class = (
            SchoolClass.objects.filter(school=ctx.school, academic_year__start_date__lte=today)
            .exclude(pk__in=[journal.school_class_id, ctx.school_class.pk])
            .exclude(pk__in=MarkFreeSubject.objects.values("school_class_id"))
            .order_by("-grade", "-letter")
            .first()
        )
        if school_class is None:
            raise BenchError("The demo school has no other class with marks.")
        busiest = (
            Lesson.objects.filter(school_class=school_class, study_group__isnull=True)
            .values("subject_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "subject_id")
            .first()
        )
        if busiest is None:
            raise BenchError("The demo class has no lessons: seed with lessons.")
        assignments = list(
            Assignment.objects.filter(
                school=ctx.school,
                lesson__school_class=school_class,
                lesson__study_group__isnull=True,
                lesson__subject_id=busiest["subject_id"],
                lesson__date__lte=today,
            )
            .select_related("lesson")
            .order_by("-lesson__date", "position", "pk")[:SAVE_LESSONS]
        )
        if not assignments:
            raise BenchError("The demo class has no assignments: seed the journal.")
        days = [assignment.lesson.date for assignment in assignments]
        students = list(
            Student.objects.filter(
                pk__in=Enrollment.objects.filter(
                    school_class=school_class, start_date__lte=min(days)
                )
                .exclude(end_date__lt=max(days))
                .values("student_id")
            ).order_by("pk")
        )
        if len(students) < 2:
            raise BenchError("The demo class has too few students.")
        shared, own = students[0], students[1 + index :: workers]
        self.actor = Actor(user=ctx.user("deputy"), ip_address="127.0.0.1")
        self.cells = [(a, s) for s in own for a in assignments]
        self.contended = [(a, shared) for a in assignments[:CONTENDED_CELLS]]
        self.versions: dict[tuple[int, int], int | None] = {}
        for mark in Mark.objects.filter(
            assignment__in=assignments, student__in=[*own, shared]
        ).only("assignment_id", "student_id", "version"):
            self.versions[(mark.assignment_id, mark.student_id)] = mark.version
        self.rng = random.Random(f"saves-{index}")
        self.turn = 0

    def save_one(self) -> bool:
        """One save; False when it was refused as stale (the known version is then updated)."""
        from parta.journal.services.errors import StaleEdit
        from parta.journal.services.marks import mark_set

        if self.contended and self.rng.random() < CONTENDED_SHARE:
            assignment, student = self.rng.choice(self.contended)
        else:
            assignment, student = self.cells[self.turn % len(self.cells)]
            self.turn += 1
        key = (assignment.pk, student.pk)
        try:
            mark = mark_set(
                actor=self.actor,
                assignment=assignment,
                student=student,
                value=self.rng.choice(("3", "4", "5")),
                expected_version=self.versions.get(key),
            )
        except StaleEdit as refused:
            self.versions[key] = refused.current.version if refused.current else None
            return False
        self.versions[key] = mark.version
        return True
