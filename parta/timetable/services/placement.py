"""The checks every write of a dated lesson runs before it writes: the date lies in the academic
year and is no holiday of the class, the lesson number exists in the bell schedule in force
that day (which also gives the lesson's times), and nobody is in two places at once."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from parta.core.validation import active_on, fmt
from parta.organizations.models import Holiday, Organization
from parta.people.choices import StudyGroupKind
from parta.people.models import Enrollment, StudyGroupMembership
from parta.timetable.calculations import Audience, audience_clash
from parta.timetable.choices import ClashKind, LessonStatus
from parta.timetable.models import (
    BellSchedule,
    BellScheduleDay,
    ClassBellSchedule,
    Lesson,
    Slot,
    Substitution,
    TimetableEntry,
)

SUNDAY = 6


def lock_school(school_id: int) -> None:
    """Timetable and lesson writes of one school run one after another, so two clashing
    lessons saved at the same moment cannot both pass the check (a row lock on the school on
    PostgreSQL; SQLite serializes writes anyway)."""
    Organization.objects.select_for_update().filter(pk=school_id).first()


def home_class_id(lesson: Lesson | TimetableEntry) -> int | None:
    """The class whose holidays and bells a lesson (or a timetable entry) follows: its class,
    or the class of its subgroup; None for a group across a grade."""
    if lesson.school_class_id:
        return lesson.school_class_id
    group = lesson.study_group
    if group is not None and group.kind == StudyGroupKind.SUBGROUP:
        return group.school_class_id
    return None


def check_date(lesson: Lesson) -> None:
    """Inside the academic year, not a Sunday, not a holiday of the class (main set or the
    class's extra set)."""
    year = lesson.academic_year
    day = lesson.date
    if not (year.start_date <= day <= year.end_date):
        raise ValidationError(
            _("%(date)s lies outside the academic year %(year)s (%(start)s–%(end)s).")
            % {
                "date": fmt(day),
                "year": year.name,
                "start": fmt(year.start_date),
                "end": fmt(year.end_date),
            }
        )
    if day.weekday() == SUNDAY:
        raise ValidationError(_("%(date)s is a Sunday: no lessons.") % {"date": fmt(day)})
    class_id = home_class_id(lesson)
    sets = Q(holiday_set__is_main=True)
    if class_id is not None:
        from parta.people.models import SchoolClass

        extra = (
            SchoolClass.objects.filter(pk=class_id)
            .values_list("extra_holiday_set_id", flat=True)
            .first()
        )
        if extra is not None:
            sets |= Q(holiday_set_id=extra)
    holiday = (
        Holiday.objects.filter(
            sets,
            holiday_set__academic_year_id=year.pk,
            start_date__lte=day,
            end_date__gte=day,
        )
        .order_by("start_date")
        .first()
    )
    if holiday is not None:
        raise ValidationError(
            _("%(date)s falls on the holiday «%(holiday)s» (%(start)s–%(end)s): no lessons then.")
            % {
                "date": fmt(day),
                "holiday": holiday.name,
                "start": fmt(holiday.start_date),
                "end": fmt(holiday.end_date),
            }
        )


def schedule_on(
    school_id: int, year_id: int, class_id: int | None, day: datetime.date
) -> BellSchedule | None:
    """The bell schedule in force on `day` for a class: the day's own schedule (a shortened
    day), else the class's, else the year's default."""
    special = BellScheduleDay.objects.filter(school_id=school_id, date=day).select_related(
        "bell_schedule"
    )
    found = special.first()
    if found is not None:
        return found.bell_schedule
    if class_id is not None:
        choice = (
            ClassBellSchedule.objects.filter(school_class_id=class_id)
            .select_related("bell_schedule")
            .first()
        )
        if choice is not None:
            return choice.bell_schedule
    return BellSchedule.objects.filter(
        school_id=school_id, academic_year_id=year_id, is_default=True
    ).first()


def fill_times(lesson: Lesson) -> None:
    """Check that the lesson number exists in the bell schedule in force that day and copy its
    start and end."""
    schedule = schedule_on(
        lesson.school_id, lesson.academic_year_id, home_class_id(lesson), lesson.date
    )
    if schedule is None:
        raise ValidationError(
            _("No bell schedule is in force on %(date)s: add a default bell schedule for the year.")
            % {"date": fmt(lesson.date)}
        )
    slot = Slot.objects.filter(bell_schedule=schedule, number=lesson.slot_number).first()
    if slot is None:
        raise ValidationError(
            _(
                "Lesson %(number)s does not exist in the bell schedule «%(schedule)s» in force "
                "on %(date)s."
            )
            % {"number": lesson.slot_number, "schedule": schedule.name, "date": fmt(lesson.date)}
        )
    lesson.start_time = slot.start_time
    lesson.end_time = slot.end_time


def acting_teacher_id(lesson: Lesson) -> int:
    """Who actually gives the lesson: the substitute, if any, else the lesson's teacher."""
    substitution = Substitution.objects.filter(lesson_id=lesson.pk).first() if lesson.pk else None
    return substitution.teacher_id if substitution is not None else lesson.teacher_id


def describe(lesson: Lesson) -> str:
    """«12.09.2026, lesson 3: 5А, Математика, Иванова А. П. (room 204)»"""
    teacher = lesson.teacher.person.short_name
    substitution = getattr(lesson, "substitution", None) if lesson.pk else None
    if substitution is not None:
        teacher = substitution.teacher.person.short_name
    text = _("%(date)s, lesson %(number)s: %(audience)s, %(subject)s, %(teacher)s") % {
        "date": fmt(lesson.date),
        "number": lesson.slot_number,
        "audience": lesson.audience_name,
        "subject": lesson.subject.name,
        "teacher": teacher,
    }
    if lesson.room is not None:
        text += _(" (room %(room)s)") % {"room": lesson.room.number}
    return text


def _same_slot(lesson: Lesson) -> list[Lesson]:
    others = (
        Lesson.objects.filter(
            school_id=lesson.school_id, date=lesson.date, slot_number=lesson.slot_number
        )
        .exclude(status=LessonStatus.CANCELLED)
        .with_details()
        .order_by("pk")
    )
    if lesson.pk is not None:
        others = others.exclude(pk=lesson.pk)
    return list(others)


def _audiences(lessons: list[Lesson], day: datetime.date) -> dict[int, Audience]:
    """The audience of each lesson (by position), with group members and their classes on
    `day`. Two queries whatever the number of lessons."""
    group_ids = {lesson.study_group_id for lesson in lessons if lesson.study_group_id}
    members: dict[int, set[int]] = defaultdict(set)
    member_classes: dict[int, set[int]] = defaultdict(set)
    if group_ids:
        for group_id, student_id in StudyGroupMembership.objects.filter(
            active_on("", day), group_id__in=group_ids
        ).values_list("group_id", "student_id"):
            members[group_id].add(student_id)
        students = {sid for ids in members.values() for sid in ids}
        class_of: dict[int, set[int]] = defaultdict(set)
        for student_id, class_id in Enrollment.objects.filter(
            active_on("", day), student_id__in=students
        ).values_list("student_id", "school_class_id"):
            class_of[student_id].add(class_id)
        for group_id, ids in members.items():
            for student_id in ids:
                member_classes[group_id] |= class_of[student_id]
    result: dict[int, Audience] = {}
    for index, lesson in enumerate(lessons):
        group = lesson.study_group if lesson.study_group_id else None
        if group is None:
            result[index] = Audience(class_id=lesson.school_class_id)
            continue
        if group.kind == StudyGroupKind.SUBGROUP:
            covered = frozenset({group.school_class_id}) if group.school_class_id else frozenset()
        else:
            covered = frozenset(member_classes[group.pk])
        result[index] = Audience(
            group_id=group.pk, covered_class_ids=covered, student_ids=frozenset(members[group.pk])
        )
    return result


@dataclass(frozen=True)
class Clash:
    kind: str
    other: Lesson


def find_clashes(lesson: Lesson, teacher_id: int) -> list[Clash]:
    """Every non-cancelled lesson of that date and number that `lesson` (given by `teacher_id`)
    cannot share the slot with: the same teacher, the same room, the same class, a subgroup
    against its whole class, the same group, shared students."""
    others = _same_slot(lesson)
    if not others:
        return []
    by_index = _audiences([lesson, *others], lesson.date)
    mine = by_index[0]
    found: list[Clash] = []
    for index, other in enumerate(others, start=1):
        other_teacher = (
            other.substitution.teacher_id if _has_substitution(other) else other.teacher_id
        )
        if other_teacher == teacher_id:
            found.append(Clash(ClashKind.TEACHER, other))
        if lesson.room_id is not None and lesson.room_id == other.room_id:
            found.append(Clash(ClashKind.ROOM, other))
        kind = audience_clash(mine, by_index[index])
        if kind is not None:
            found.append(Clash(kind, other))
    return found


def _has_substitution(lesson: Lesson) -> bool:
    try:
        return lesson.substitution is not None
    except Substitution.DoesNotExist:
        return False


def clash_message(clash: Clash, lesson: Lesson) -> str:
    other = describe(clash.other)
    if clash.kind == ClashKind.TEACHER:
        return _("The teacher already has a lesson at that time: %(other)s.") % {"other": other}
    if clash.kind == ClashKind.ROOM:
        return _("Room %(room)s is already taken at that time: %(other)s.") % {
            "room": clash.other.room.number if clash.other.room else "",
            "other": other,
        }
    if clash.kind == ClashKind.CLASS:
        return _("Class %(name)s already has a lesson at that time: %(other)s.") % {
            "name": clash.other.audience_name,
            "other": other,
        }
    if clash.kind == ClashKind.GROUP:
        return _(
            "%(name)s already has a lesson at that time that covers the same students: %(other)s."
        ) % {"name": lesson.audience_name, "other": other}
    return _("Some students of %(name)s also have a lesson at that time: %(other)s.") % {
        "name": lesson.audience_name,
        "other": other,
    }


def check_clashes(lesson: Lesson, teacher_id: int | None = None) -> None:
    """Refuse with every clash message at once."""
    teacher = teacher_id if teacher_id is not None else acting_teacher_id(lesson)
    messages = list(
        dict.fromkeys(clash_message(clash, lesson) for clash in find_clashes(lesson, teacher))
    )
    if messages:
        raise ValidationError(messages)


def check_substitute_free(lesson: Lesson, substitute_id: int) -> None:
    """The substitute gives no other lesson at that date and number."""
    busy = [
        clash.other
        for clash in find_clashes(lesson, substitute_id)
        if clash.kind == ClashKind.TEACHER
    ]
    if busy:
        raise ValidationError(
            [
                _("The substitute already has a lesson at that time: %(other)s.")
                % {"other": describe(other)}
                for other in busy
            ]
        )


def validate_placement(lesson: Lesson) -> None:
    """Model rules, date, bell schedule (fills the times), clashes (for a scheduled lesson)."""
    check_date(lesson)
    lesson.full_clean()
    fill_times(lesson)
    if lesson.status != LessonStatus.CANCELLED:
        check_clashes(lesson)
