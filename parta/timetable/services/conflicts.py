"""Finding the lessons a timetable entry clashes with, and saying so in words."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from parta.curriculum.models import TeachingAssignment
from parta.people.choices import StudyGroupKind
from parta.people.models import Enrollment, StudyGroupMembership
from parta.timetable.calculations import (
    Audience,
    Placement,
    WeeklyLesson,
    clash_kinds,
    peak_weekly_hours,
)
from parta.timetable.choices import ON_WEEKDAY, ClashKind, WeekParity
from parta.timetable.models import TimetableEntry


def _range_q(prefix: str, start: datetime.date, end: datetime.date | None) -> Q:
    condition = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    if end is not None:
        condition &= Q(**{f"{prefix}start_date__lte": end})
    return condition


def audiences(
    entries: Sequence[TimetableEntry], start: datetime.date, end: datetime.date | None
) -> dict[int | None, Audience]:
    """The audience of each entry (by pk; a new entry under None), with group members and the
    classes they are enrolled in over [start, end]. Two queries whatever the number of entries."""
    group_ids = {entry.study_group_id for entry in entries if entry.study_group_id}
    members: dict[int, set[int]] = defaultdict(set)
    member_classes: dict[int, set[int]] = defaultdict(set)
    if group_ids:
        rows = StudyGroupMembership.objects.filter(
            _range_q("", start, end), group_id__in=group_ids
        ).values_list("group_id", "student_id")
        for group_id, student_id in rows:
            members[group_id].add(student_id)
        students = {sid for ids in members.values() for sid in ids}
        if students:
            class_of: dict[int, set[int]] = defaultdict(set)
            for student_id, class_id in Enrollment.objects.filter(
                _range_q("", start, end), student_id__in=students
            ).values_list("student_id", "school_class_id"):
                class_of[student_id].add(class_id)
            for group_id, ids in members.items():
                for student_id in ids:
                    member_classes[group_id] |= class_of[student_id]
    result: dict[int | None, Audience] = {}
    for entry in entries:
        if entry.school_class_id:
            result[entry.pk] = Audience(class_id=entry.school_class_id)
            continue
        group = entry.study_group
        assert group is not None
        if group.kind == StudyGroupKind.SUBGROUP:
            covered = frozenset({group.school_class_id}) if group.school_class_id else frozenset()
        else:
            covered = frozenset(member_classes[group.pk])
        result[entry.pk] = Audience(
            group_id=group.pk,
            covered_class_ids=covered,
            student_ids=frozenset(members[group.pk]),
        )
    return result


def placement(entry: TimetableEntry, audience: Audience) -> Placement:
    return Placement(
        weekday=entry.weekday,
        slot_number=entry.slot_number,
        week_parity=entry.week_parity,
        valid_from=entry.valid_from,
        valid_to=entry.valid_to,
        teacher_id=entry.teacher_id,
        room_id=entry.room_id,
        audience=audience,
    )


def find_clashes(entry: TimetableEntry) -> list[tuple[str, TimetableEntry]]:
    """(kind, other entry) for every saved entry of the school that `entry` clashes with."""
    candidates = TimetableEntry.objects.filter(
        school_id=entry.school_id,
        weekday=entry.weekday,
        slot_number=entry.slot_number,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=entry.valid_from))
    if entry.valid_to is not None:
        candidates = candidates.filter(valid_from__lte=entry.valid_to)
    if entry.week_parity != WeekParity.EVERY:
        candidates = candidates.filter(week_parity__in=[WeekParity.EVERY, entry.week_parity])
    if entry.pk is not None:
        candidates = candidates.exclude(pk=entry.pk)
    others = list(
        candidates.select_related(
            "school_class", "study_group", "subject", "teacher__person", "room"
        ).order_by("pk")
    )
    if not others:
        return []
    pending_pk = entry.pk
    by_pk = audiences([entry, *others], entry.valid_from, entry.valid_to)
    mine = placement(entry, by_pk[pending_pk])
    found: list[tuple[str, TimetableEntry]] = []
    for other in others:
        for kind in clash_kinds(mine, placement(other, by_pk[other.pk])):
            found.append((kind, other))
    return found


def describe(entry: TimetableEntry) -> str:
    """«5А, Математика, Иванова А. П. (каб. 204)»"""
    text = f"{entry.audience_name}, {entry.subject.name}, {entry.teacher.person.short_name}"
    return text + _room_suffix(entry)


def _room_suffix(entry: TimetableEntry) -> str:
    return _(" (room %(room)s)") % {"room": entry.room.number} if entry.room is not None else ""


def clash_message(kind: str, entry: TimetableEntry, other: TimetableEntry) -> str:
    when = {
        "on_day": ON_WEEKDAY[other.weekday],
        "number": other.slot_number,
        "other": describe(other),
    }
    if kind == ClashKind.TEACHER:
        return _(
            "Teacher %(teacher)s already teaches a lesson in %(where)s %(on_day)s, "
            "lesson %(number)s%(room)s."
        ) % {
            **when,
            "teacher": other.teacher.person.short_name,
            "where": other.audience_name,
            "room": _room_suffix(other),
        }
    if kind == ClashKind.ROOM:
        return _("Room %(room)s is already taken %(on_day)s, lesson %(number)s: %(other)s.") % {
            **when,
            "room": other.room.number if other.room else "",
        }
    if kind == ClashKind.CLASS:
        return _(
            "Class %(name)s already has a lesson %(on_day)s, lesson %(number)s: %(other)s."
        ) % {
            **when,
            "name": other.audience_name,
        }
    if kind == ClashKind.GROUP:
        return _(
            "%(name)s already has a lesson %(on_day)s, lesson %(number)s that covers the same "
            "students: %(other)s."
        ) % {**when, "name": entry.audience_name}
    return _(
        "Some students of %(name)s also belong to %(group)s, which has a lesson %(on_day)s, "
        "lesson %(number)s: %(other)s."
    ) % {**when, "name": entry.audience_name, "group": other.audience_name}


def clash_messages(entry: TimetableEntry) -> list[str]:
    return [clash_message(kind, entry, other) for kind, other in find_clashes(entry)]


def unique(messages: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(messages))


def load_messages(entry: TimetableEntry) -> list[str]:
    """The teaching load's hours per week must not be exceeded: the entries of this teacher,
    subject and class (or group) in force at the same time give at most the load's hours.

    A class or group whose subject has no teaching load yet is not checked (the load may be
    entered after the timetable); a teacher without a load line where others have one is refused.
    """
    audience: dict[str, int | None] = (
        {"school_class_id": entry.school_class_id}
        if entry.school_class_id
        else {"study_group_id": entry.study_group_id}
    )
    loads = list(
        TeachingAssignment.objects.filter(
            school_id=entry.school_id,
            academic_year_id=entry.academic_year_id,
            subject_id=entry.subject_id,
            **audience,
        ).values_list("teacher_id", "hours_per_week")
    )
    if not loads:
        return []
    allowed = sum((hours for teacher, hours in loads if teacher == entry.teacher_id), Decimal(0))
    names = {
        "teacher": entry.teacher.person.short_name,
        "subject": entry.subject.name,
        "audience": entry.audience_name,
    }
    if not allowed:
        return [_("%(teacher)s has no teaching load in %(subject)s for %(audience)s.") % names]
    others = TimetableEntry.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=entry.valid_from),
        school_id=entry.school_id,
        teacher_id=entry.teacher_id,
        subject_id=entry.subject_id,
        **audience,
    )
    if entry.valid_to is not None:
        others = others.filter(valid_from__lte=entry.valid_to)
    if entry.pk is not None:
        others = others.exclude(pk=entry.pk)
    lessons = [
        WeeklyLesson(parity, start, end)
        for parity, start, end in others.values_list("week_parity", "valid_from", "valid_to")
    ]
    lessons.append(WeeklyLesson(entry.week_parity, entry.valid_from, entry.valid_to))
    peak = peak_weekly_hours(lessons, entry.valid_from, entry.valid_to)
    if peak > allowed:
        return [
            _(
                "The teaching load of %(teacher)s in %(subject)s for %(audience)s is "
                "%(allowed)s h a week; with this lesson the timetable gives %(hours)s h."
            )
            % {**names, "allowed": _hours(allowed), "hours": _hours(peak)}
        ]
    return []


def _hours(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")
