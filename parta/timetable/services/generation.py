"""Generating dated lessons from the weekly timetable, and regenerating them after it changes.

Regeneration never throws work away: a lesson that holds data (see `lesson_data`) is kept as it
is even when the timetable no longer gives it or gives it differently, and the result says so."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.core.validation import fmt
from parta.organizations.models import AcademicYear, Holiday
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass
from parta.timetable.calculations import EntryDays, days_between, entry_dates
from parta.timetable.choices import LessonOrigin
from parta.timetable.hooks import lessons_changed
from parta.timetable.lesson_data import chunks, lessons_with_data
from parta.timetable.models import (
    BellSchedule,
    BellScheduleDay,
    ClassBellSchedule,
    Lesson,
    Slot,
    TimetableEntry,
)
from parta.timetable.services.placement import home_class_id, lock_school

#: The fields a regeneration may rewrite on a lesson that holds no data.
SYNCED_FIELDS = (
    "date",
    "slot_number",
    "start_time",
    "end_time",
    "school_class_id",
    "study_group_id",
    "subject_id",
    "teacher_id",
    "room_id",
)

Times = tuple[datetime.time, datetime.time]


@dataclass
class GenerationResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    #: Lessons that hold data and differ from the timetable (or are no longer in it): kept.
    kept: list[str] = field(default_factory=list)
    #: Lessons the timetable asks for that could not be placed (no such lesson number that day).
    skipped: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Calendar:
    """Holidays and lesson times of one school year, loaded once."""

    year: AcademicYear
    main_closed: set[datetime.date]
    extra_closed: dict[int, set[datetime.date]]
    class_extra_set: dict[int, int | None]
    class_schedule: dict[int, int]
    default_schedule: int | None
    day_schedule: dict[datetime.date, int]
    slot_times: dict[int, dict[int, Times]]

    def closed_for(self, class_id: int | None) -> set[datetime.date]:
        extra_set = self.class_extra_set.get(class_id) if class_id else None
        if extra_set is None:
            return self.main_closed
        return self.main_closed | self.extra_closed.get(extra_set, set())

    def times(self, class_id: int | None, day: datetime.date, number: int) -> Times | None:
        schedule = self.day_schedule.get(day)
        if schedule is None:
            schedule = (
                self.class_schedule.get(class_id, self.default_schedule)
                if class_id
                else (self.default_schedule)
            )
        if schedule is None:
            return None
        return self.slot_times.get(schedule, {}).get(number)


def _calendar(year: AcademicYear, start: datetime.date, end: datetime.date) -> _Calendar:
    main_closed: set[datetime.date] = set()
    extra_closed: dict[int, set[datetime.date]] = defaultdict(set)
    for set_id, is_main, first, last in Holiday.objects.filter(
        holiday_set__academic_year=year
    ).values_list("holiday_set_id", "holiday_set__is_main", "start_date", "end_date"):
        (main_closed if is_main else extra_closed[set_id]).update(days_between(first, last))
    slot_times: dict[int, dict[int, Times]] = defaultdict(dict)
    for schedule_id, number, begins, ends in Slot.objects.filter(
        bell_schedule__academic_year=year
    ).values_list("bell_schedule_id", "number", "start_time", "end_time"):
        slot_times[schedule_id][number] = (begins, ends)
    return _Calendar(
        year=year,
        main_closed=main_closed,
        extra_closed=extra_closed,
        class_extra_set=dict(
            SchoolClass.objects.filter(academic_year=year).values_list("pk", "extra_holiday_set_id")
        ),
        class_schedule=dict(
            ClassBellSchedule.objects.filter(school_class__academic_year=year).values_list(
                "school_class_id", "bell_schedule_id"
            )
        ),
        default_schedule=BellSchedule.objects.filter(academic_year=year, is_default=True)
        .values_list("pk", flat=True)
        .first(),
        day_schedule=dict(
            BellScheduleDay.objects.filter(
                school_id=year.school_id, date__range=(start, end)
            ).values_list("date", "bell_schedule_id")
        ),
        slot_times=slot_times,
    )


def _entries(
    year: AcademicYear, start: datetime.date, end: datetime.date, class_ids: Collection[int] | None
) -> list[TimetableEntry]:
    entries = TimetableEntry.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start),
        academic_year=year,
        valid_from__lte=end,
    ).select_related("study_group", "school_class", "subject")
    if class_ids is not None:
        entries = entries.filter(
            Q(school_class_id__in=class_ids)
            | Q(
                study_group__kind=StudyGroupKind.SUBGROUP,
                study_group__school_class_id__in=class_ids,
            )
        )
    return list(entries)


def _existing(
    year: AcademicYear,
    start: datetime.date,
    end: datetime.date,
    class_ids: Collection[int] | None,
) -> QuerySet[Lesson]:
    """The generated lessons of the range, with only the fields the comparison needs."""
    lessons = Lesson.objects.filter(
        academic_year=year,
        origin=LessonOrigin.TIMETABLE,
        planned_date__range=(start, end),
    )
    if class_ids is not None:
        lessons = lessons.filter(
            Q(school_class_id__in=class_ids)
            | Q(
                study_group__kind=StudyGroupKind.SUBGROUP,
                study_group__school_class_id__in=class_ids,
            )
        )
    return lessons.only(
        "pk",
        "school_id",
        "academic_year_id",
        "timetable_entry_id",
        "planned_date",
        "is_moved",
        *SYNCED_FIELDS,
    )


def _kept_messages(kept: dict[int, bool]) -> list[str]:
    """Words for the lessons kept because they hold data (`kept`: pk → still in the timetable),
    in date order; one query."""
    lessons = Lesson.objects.filter(pk__in=list(kept)).select_related(
        "school_class", "study_group", "subject"
    )
    messages: list[str] = []
    for lesson in lessons.order_by("date", "slot_number", "pk"):
        if kept[lesson.pk]:
            text = _("%(lesson)s differs from the timetable but was kept: it holds data.")
        else:
            text = _("%(lesson)s is no longer in the timetable but was kept: it holds data.")
        messages.append(text % {"lesson": _describe(lesson)})
    return messages


def _describe(lesson: Lesson) -> str:
    return _("%(date)s, lesson %(number)s, %(audience)s, %(subject)s") % {
        "date": fmt(lesson.date),
        "number": lesson.slot_number,
        "audience": lesson.audience_name,
        "subject": lesson.subject.name,
    }


@transaction.atomic
def lessons_generate(
    *,
    actor: Actor,
    academic_year: AcademicYear,
    start: datetime.date,
    end: datetime.date,
    class_ids: Collection[int] | None = None,
) -> GenerationResult:
    """Make the lessons of [start, end] (clipped to the year) match the timetable, for the
    classes `class_ids` (with their subgroups) or for the whole school (None).

    Lessons are created for every entry date that is not a holiday of the main set or of the
    class's extra set; lessons without data that the timetable no longer gives are deleted,
    those that differ are rewritten; lessons with data are kept and listed in the result."""
    if end < start:
        raise ValidationError(_("The end cannot be earlier than the start."))
    start = max(start, academic_year.start_date)
    end = min(end, academic_year.end_date)
    if start > end:
        raise ValidationError(_("The dates lie outside the academic year."))
    lock_school(academic_year.school_id)
    calendar = _calendar(academic_year, start, end)
    result = GenerationResult()

    wanted: dict[tuple[int, datetime.date], Lesson] = {}
    for entry in _entries(academic_year, start, end, class_ids):
        home = home_class_id(entry)
        days = EntryDays(entry.weekday, entry.week_parity, entry.valid_from, entry.valid_to)
        for day in entry_dates(
            days, start, end, year_start=academic_year.start_date, closed=calendar.closed_for(home)
        ):
            times = calendar.times(home, day, entry.slot_number)
            lesson = Lesson(
                school_id=entry.school_id,
                academic_year_id=academic_year.pk,
                date=day,
                planned_date=day,
                slot_number=entry.slot_number,
                start_time=times[0] if times else None,
                end_time=times[1] if times else None,
                school_class_id=entry.school_class_id,
                study_group_id=entry.study_group_id,
                subject_id=entry.subject_id,
                teacher_id=entry.teacher_id,
                room_id=entry.room_id,
                timetable_entry_id=entry.pk,
                origin=LessonOrigin.TIMETABLE,
            )
            if times is None and day in calendar.day_schedule:
                lesson.school_class = entry.school_class
                lesson.study_group = entry.study_group
                lesson.subject = entry.subject
                result.skipped.append(
                    _("%(lesson)s: the bell schedule of that day has no such lesson.")
                    % {"lesson": _describe(lesson)}
                )
                continue
            wanted[(entry.pk, day)] = lesson

    existing_lessons = _existing(academic_year, start, end, class_ids)
    with_data = lessons_with_data(existing_lessons)
    existing = list(existing_lessons)
    kept: dict[int, bool] = {}
    to_update: list[Lesson] = []
    to_delete: list[int] = []
    removed: list[Lesson] = []
    for lesson in existing:
        target = None
        if lesson.timetable_entry_id is not None and lesson.planned_date is not None:
            target = wanted.pop((lesson.timetable_entry_id, lesson.planned_date), None)
        if lesson.pk in with_data:
            if target is None:
                kept[lesson.pk] = False
            elif any(
                getattr(lesson, name) != getattr(target, name)
                for name in SYNCED_FIELDS
                if not (lesson.is_moved and name in {"date", "slot_number"})
            ):
                kept[lesson.pk] = True
            else:
                result.unchanged += 1
            continue
        if target is None:
            to_delete.append(lesson.pk)
            removed.append(lesson)
            continue
        differs = [name for name in SYNCED_FIELDS if getattr(lesson, name) != getattr(target, name)]
        if differs:
            for name in differs:
                setattr(lesson, name, getattr(target, name))
            to_update.append(lesson)
        else:
            result.unchanged += 1

    if kept:
        result.kept = _kept_messages(kept)
    for part in chunks(to_delete):
        Lesson.objects.filter(pk__in=part).delete()
    if to_update:
        Lesson.objects.bulk_update(
            to_update, [name.removesuffix("_id") for name in SYNCED_FIELDS], batch_size=500
        )
    created = Lesson.objects.bulk_create(list(wanted.values()), batch_size=500)
    result.created = len(wanted)
    result.updated = len(to_update)
    result.deleted = len(to_delete)
    lessons_changed(actor=actor, lessons=[*created, *to_update, *removed])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.GENERATE,
        school_id=academic_year.school_id,
        object_type=Lesson._meta.label_lower,
        object_repr=_("Lessons %(start)s–%(end)s") % {"start": fmt(start), "end": fmt(end)},
        after={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "classes": sorted(class_ids) if class_ids is not None else None,
            "created": result.created,
            "updated": result.updated,
            "deleted": result.deleted,
            "kept": len(result.kept),
            "skipped": len(result.skipped),
        },
    )
    return result
