"""Demo substitutions and cancellations: a mathematics teacher is ill for a school week of the
second quarter (colleagues of the subject take the lessons they are free for, the rest are
cancelled) and a Russian teacher is on a training course for a day. Written through the
timetable's services, so every change is checked and audited like a deputy director's."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.curriculum.models import Subject, TeachingAssignment
from parta.demo.school_year import SchoolCalendar
from parta.organizations.models import AcademicYear
from parta.people.models import StaffMember
from parta.timetable.choices import LessonStatus, SubstitutionReason
from parta.timetable.models import Lesson
from parta.timetable.services.lessons import lesson_cancel
from parta.timetable.services.substitutions import substitution_set

#: (subject, reason, school days away, note, reason for cancelling)
ABSENCES = (
    ("Математика", SubstitutionReason.ILLNESS, 5, "Больничный лист", "Болезнь учителя, замены нет"),
    (
        "Русский язык",
        SubstitutionReason.COURSE,
        1,
        "Курсы ПК «Функциональная грамотность»",
        "Учитель на курсах, замены нет",
    ),
)


def changes_week(calendar: SchoolCalendar) -> datetime.date:
    """The Monday of the second week of the second quarter."""
    start = calendar.quarters[1].start
    monday = start - datetime.timedelta(days=start.weekday())
    return monday + datetime.timedelta(weeks=1)


def _teachers(year: AcademicYear, subject: Subject) -> list[int]:
    return sorted(
        set(
            TeachingAssignment.objects.filter(academic_year=year, subject=subject).values_list(
                "teacher_id", flat=True
            )
        )
    )


def build_changes(*, actor: Actor, year: AcademicYear, calendar: SchoolCalendar) -> tuple[int, int]:
    """(substitutions, cancellations) made in the school of `year`."""
    monday = changes_week(calendar)
    subjects = {s.name: s for s in Subject.objects.filter(school__isnull=True)}
    substituted = cancelled = 0
    for name, reason, days, note, cancel_reason in ABSENCES:
        subject = subjects.get(name)
        teachers = _teachers(year, subject) if subject is not None else []
        if len(teachers) < 2:
            continue
        absent, colleagues = teachers[0], teachers[1:]
        last = monday + datetime.timedelta(days=days - 1)
        busy = _busy(year, monday, last)
        for lesson in Lesson.objects.filter(
            academic_year=year,
            teacher_id=absent,
            status=LessonStatus.SCHEDULED,
            date__range=(monday, last),
        ).order_by("date", "slot_number"):
            free = [
                staff
                for staff in colleagues
                if (lesson.date, lesson.slot_number, staff) not in busy
            ]
            taken_by = _substitute(actor, lesson, free, reason, note)
            if taken_by is not None:
                substituted += 1
                busy.add((lesson.date, lesson.slot_number, taken_by))
            else:
                lesson_cancel(actor=actor, lesson=lesson, reason=cancel_reason)
                cancelled += 1
    return substituted, cancelled


def _busy(
    year: AcademicYear, first: datetime.date, last: datetime.date
) -> set[tuple[datetime.date, int, int]]:
    """(date, lesson number, teacher) of every scheduled lesson in [first, last] — who is
    taken when; the service checks again, this only spares it the hopeless tries."""
    rows = Lesson.objects.filter(
        academic_year=year, status=LessonStatus.SCHEDULED, date__range=(first, last)
    ).values_list("date", "slot_number", "teacher_id", "substitution__teacher_id")
    busy: set[tuple[datetime.date, int, int]] = set()
    for day, number, teacher, substitute in rows:
        busy.add((day, number, teacher))
        if substitute is not None:
            busy.add((day, number, substitute))
    return busy


def _substitute(
    actor: Actor, lesson: Lesson, colleagues: Sequence[int], reason: str, note: str
) -> int | None:
    """Give the lesson to the first colleague the timetable's own check finds free; the
    colleague's id, or None when nobody can take it."""
    for staff in StaffMember.objects.filter(pk__in=colleagues).order_by("pk"):
        try:
            substitution_set(actor=actor, lesson=lesson, teacher=staff, reason=reason, note=note)
        except ValidationError:
            continue
        return staff.pk
    return None
