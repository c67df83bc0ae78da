"""Demo final marks and absence documents: once the demo's «today» is past the first study
period of a year's classes, every student gets the period mark the journal suggests in each
subject with marks in that period (the school's averaging, rounding threshold and scale, the
same calculations as the final marks page), the period is closed, and a few sick notes and
parents' notes excuse unexcused absences the way the documents service recodes them (н → б/у,
the mark remembers its document). Bulk inserts and updates only: a few queries per school."""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from parta.journal.calculations import WeightedMark, averages, suggestion
from parta.journal.choices import AbsenceReason, AttendanceCode, Averaging, FinalMarkKind
from parta.journal.models import AbsenceDocument, AttendanceMark, FinalMark, Mark, PeriodClosure
from parta.journal.selectors import school_scale, school_settings
from parta.journal.services.documents import code_for_reason
from parta.organizations.models import AcademicYear, StudyPeriod
from parta.people.models import Enrollment

BATCH_SIZE = 2000
#: About one document per this many students, among those with unexcused absences.
STUDENTS_PER_DOCUMENT = 40
MIN_DOCUMENTS = 3
#: Share of the documents that are sick notes; the rest are parents' notes (family reasons).
SICK_NOTE_SHARE = 0.75
SICK_NOTES = ("Справка из поликлиники № 2", "Справка из детской поликлиники", "Справка врача")
FAMILY_NOTES = ("Заявление родителей", "Заявление: семейные обстоятельства")


@dataclass
class FinalsCounts:
    final_marks: int = 0
    closed_periods: int = 0
    documents: int = 0
    recoded: int = 0

    def add(self, other: FinalsCounts) -> None:
        self.final_marks += other.final_marks
        self.closed_periods += other.closed_periods
        self.documents += other.documents
        self.recoded += other.recoded


def first_periods(year: AcademicYear, today: datetime.date) -> list[StudyPeriod]:
    """The first study period of each of the year's period sets, if it is over by `today`."""
    return list(
        StudyPeriod.objects.filter(
            period_set__academic_year=year, number=1, end_date__lt=today
        ).order_by("period_set_id")
    )


def build_period_marks(year: AcademicYear, periods: list[StudyPeriod]) -> int:
    """Each student's period mark per subject with marks in the first period of the student's
    class: the journal's suggestion (nothing where no mark counts)."""
    school = year.school
    settings = school_settings(school)
    scale = school_scale(settings)
    by_set = {period.period_set_id: period for period in periods}
    student_periods: dict[int, list[StudyPeriod]] = defaultdict(list)
    for student_id, period_set_id, start, end in Enrollment.objects.filter(
        school_class__academic_year=year, school_class__period_set_id__in=list(by_set)
    ).values_list("student_id", "school_class__period_set_id", "start_date", "end_date"):
        period = by_set[period_set_id]
        overlaps = start <= period.end_date and (end is None or end >= period.start_date)
        if overlaps and period not in student_periods[student_id]:
            student_periods[student_id].append(period)
    first = min(period.start_date for period in periods)
    last = max(period.end_date for period in periods)
    found: dict[tuple[int, int, int], list[WeightedMark]] = defaultdict(list)
    rows = Mark.objects.filter(
        school_id=school.pk,
        assignment__lesson__academic_year=year,
        assignment__lesson__date__gte=first,
        assignment__lesson__date__lte=last,
    ).values_list(
        "student_id",
        "assignment__lesson__subject_id",
        "assignment__lesson__date",
        "value",
        "assignment__work_type__weight",
    )
    for student_id, subject_id, day, value, weight in rows:
        for period in student_periods.get(student_id, ()):
            if period.start_date <= day <= period.end_date:
                found[(student_id, subject_id, period.pk)].append(WeightedMark(value, weight))
                break
    weighted = settings.averaging == Averaging.WEIGHTED
    marks: list[FinalMark] = []
    for (student_id, subject_id, period_id), weighted_marks in sorted(found.items()):
        counted = averages(weighted_marks, scale)
        average = counted.weighted if weighted else counted.arithmetic
        suggested = suggestion(
            average,
            counted.count,
            threshold=settings.rounding_threshold,
            min_marks=settings.min_marks,
        )
        if suggested.mark is None:
            continue
        marks.append(
            FinalMark(
                school_id=school.pk,
                academic_year_id=year.pk,
                student_id=student_id,
                subject_id=subject_id,
                kind=FinalMarkKind.PERIOD,
                study_period_id=period_id,
                value=str(suggested.mark),
            )
        )
    FinalMark.objects.bulk_create(marks, batch_size=BATCH_SIZE)
    return len(marks)


def build_documents(year: AcademicYear, rng: random.Random) -> tuple[int, int]:
    """A few documents for students with unexcused absences, each covering one to three days
    ending on such an absence; the «н» they cover become «б» (sick note) or «у» and remember
    the document, with a new version, as `absence_document_create` does."""
    school_id = year.school_id
    absences: dict[int, list[datetime.date]] = defaultdict(list)
    for student_id, day in (
        AttendanceMark.objects.filter(
            school_id=school_id,
            lesson__academic_year=year,
            code=AttendanceCode.ABSENT,
            document__isnull=True,
        )
        .order_by("student_id", "lesson__date")
        .values_list("student_id", "lesson__date")
    ):
        absences[student_id].append(day)
    if not absences:
        return 0, 0
    students = Enrollment.objects.filter(school_class__academic_year=year).values("student_id")
    wanted = max(MIN_DOCUMENTS, students.distinct().count() // STUDENTS_PER_DOCUMENT)
    chosen = rng.sample(sorted(absences), min(wanted, len(absences)))
    documents: list[AbsenceDocument] = []
    for student_id in sorted(chosen):
        end = rng.choice(absences[student_id])
        start = max(year.start_date, end - datetime.timedelta(days=rng.randint(0, 2)))
        sick = rng.random() < SICK_NOTE_SHARE
        documents.append(
            AbsenceDocument(
                school_id=school_id,
                student_id=student_id,
                start_date=start,
                end_date=end,
                reason=AbsenceReason.ILLNESS if sick else AbsenceReason.FAMILY,
                number=f"{rng.randint(10, 999)}" if sick else "",
                note=rng.choice(SICK_NOTES if sick else FAMILY_NOTES),
            )
        )
    AbsenceDocument.objects.bulk_create(documents)
    recoded = 0
    for document in documents:
        recoded += AttendanceMark.objects.filter(
            school_id=school_id,
            student_id=document.student_id,
            lesson__date__gte=document.start_date,
            lesson__date__lte=document.end_date,
            code=AttendanceCode.ABSENT,
            document__isnull=True,
        ).update(
            code=code_for_reason(document.reason),
            document_id=document.pk,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
    return len(documents), recoded


def build_finals(
    *, years: Iterable[AcademicYear], today: datetime.date, seed: int = 0
) -> FinalsCounts:
    """Period marks and the closing of the first period (when it is over) and a few absence
    documents, for each school year."""
    counts = FinalsCounts()
    for year in years:
        rng = random.Random(f"finals-{seed}-{year.start_date}-{year.school_id}")
        periods = first_periods(year, today)
        if periods:
            counts.final_marks += build_period_marks(year, periods)
            PeriodClosure.objects.bulk_create(
                [PeriodClosure(school_id=year.school_id, study_period=p) for p in periods]
            )
            counts.closed_periods += len(periods)
        documents, recoded = build_documents(year, rng)
        counts.documents += documents
        counts.recoded += recoded
    return counts
