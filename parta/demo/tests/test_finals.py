"""Demo final marks and absence documents: the first quarter is closed, every student × subject
with marks in it has the period mark the journal suggests, and the documents recode the absences
they cover as the documents service does."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
import time_machine

from parta.demo.builder import seed_demo
from parta.journal.calculations import WeightedMark, averages, suggestion
from parta.journal.choices import AbsenceReason, AttendanceCode, Averaging, FinalMarkKind
from parta.journal.models import AbsenceDocument, AttendanceMark, FinalMark, Mark, PeriodClosure
from parta.journal.selectors import school_scale, school_settings
from parta.organizations.models import Organization, StudyPeriod

TODAY = datetime.date(2026, 11, 20)
NOON = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo(db: None) -> None:
    with time_machine.travel(NOON, tick=True):
        seed_demo(schools=1, students_per_school=120, seed=7, today=TODAY, weeks=6)


def test_the_first_quarter_is_closed_and_later_periods_are_open(demo: None) -> None:
    # then exactly the periods that are over and first in their set are closed
    closed = set(PeriodClosure.objects.values_list("study_period_id", flat=True))
    expected = set(
        StudyPeriod.objects.filter(number=1, end_date__lt=TODAY).values_list("pk", flat=True)
    )
    assert closed == expected
    assert closed
    assert not StudyPeriod.objects.filter(pk__in=closed, end_date__gte=TODAY).exists()


def test_every_student_and_subject_has_the_suggested_period_mark(demo: None) -> None:
    # given the school's journal settings and the marks of the closed first quarter
    school = Organization.objects.get(pk=PeriodClosure.objects.values("school_id")[:1])
    settings = school_settings(school)
    scale = school_scale(settings)
    period = StudyPeriod.objects.get(closure__isnull=False)
    marks: dict[tuple[int, int], list[WeightedMark]] = defaultdict(list)
    for student_id, subject_id, value, weight in Mark.objects.filter(
        assignment__lesson__date__gte=period.start_date,
        assignment__lesson__date__lte=period.end_date,
        assignment__lesson__school_class__period_set_id=period.period_set_id,
    ).values_list(
        "student_id",
        "assignment__lesson__subject_id",
        "value",
        "assignment__work_type__weight",
    ):
        marks[(student_id, subject_id)].append(WeightedMark(value, weight))
    assert len(marks) > 100
    stored = {
        (mark.student_id, mark.subject_id): mark.value
        for mark in FinalMark.objects.filter(study_period=period)
    }
    # then each student × subject with a counting mark has the rounded suggestion
    checked = 0
    for key, found in marks.items():
        counted = averages(found, scale)
        average = (
            counted.weighted if settings.averaging == Averaging.WEIGHTED else counted.arithmetic
        )
        suggested = suggestion(
            average,
            counted.count,
            threshold=settings.rounding_threshold,
            min_marks=settings.min_marks,
        ).mark
        if suggested is None:
            continue
        assert stored.get(key) == str(suggested), key
        checked += 1
    assert checked > 100
    # and there are period marks only of the first period, all version 1
    assert set(FinalMark.objects.values_list("kind", flat=True)) == {FinalMarkKind.PERIOD}
    assert not FinalMark.objects.exclude(study_period__closure__isnull=False).exists()
    assert set(FinalMark.objects.values_list("version", flat=True)) == {1}


def test_documents_recode_the_absences_they_cover(demo: None) -> None:
    # then there are a few documents, sick notes among them
    documents = list(AbsenceDocument.objects.all())
    assert len(documents) >= 3
    assert any(d.reason == AbsenceReason.ILLNESS for d in documents)
    for document in documents:
        covered = AttendanceMark.objects.filter(
            student_id=document.student_id,
            lesson__date__gte=document.start_date,
            lesson__date__lte=document.end_date,
        )
        # and each recoded the «н» it covers: «б» for a sick note, «у» otherwise, remembered
        recoded = covered.filter(document=document)
        assert recoded.exists()
        code = (
            AttendanceCode.ILL
            if document.reason == AbsenceReason.ILLNESS
            else AttendanceCode.EXCUSED
        )
        assert set(recoded.values_list("code", flat=True)) == {code}
        assert set(recoded.values_list("version", flat=True)) == {2}
        assert not covered.filter(code=AttendanceCode.ABSENT).exists()
