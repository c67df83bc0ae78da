"""Days on which the whole school follows another bell schedule (a shortened pre-holiday day).
Adding or removing such a day re-times that day's lessons in the same transaction."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete
from parta.core.validation import fmt
from parta.organizations.models import Organization
from parta.timetable.models import BellSchedule, BellScheduleDay, ClassBellSchedule, Lesson, Slot
from parta.timetable.services.placement import home_class_id, lock_school


def _retime(school_id: int, day: datetime.date) -> int:
    """Copy the times of the schedule now in force onto the lessons of `day`; a lesson whose
    number the schedule lacks keeps no times. Returns how many lessons changed."""
    lessons = list(
        Lesson.objects.filter(school_id=school_id, date=day).select_related("study_group")
    )
    if not lessons:
        return 0
    special = (
        BellScheduleDay.objects.filter(school_id=school_id, date=day)
        .values_list("bell_schedule_id", flat=True)
        .first()
    )
    year_ids = {lesson.academic_year_id for lesson in lessons}
    defaults = dict(
        BellSchedule.objects.filter(academic_year_id__in=year_ids, is_default=True).values_list(
            "academic_year_id", "pk"
        )
    )
    by_class = dict(
        ClassBellSchedule.objects.filter(school_id=school_id).values_list(
            "school_class_id", "bell_schedule_id"
        )
    )
    times = {
        (schedule_id, number): (start, end)
        for schedule_id, number, start, end in Slot.objects.filter(school_id=school_id).values_list(
            "bell_schedule_id", "number", "start_time", "end_time"
        )
    }
    changed: list[Lesson] = []
    for lesson in lessons:
        class_id = home_class_id(lesson)
        schedule = special or by_class.get(class_id or 0) or defaults.get(lesson.academic_year_id)
        start, end = times.get((schedule or 0, lesson.slot_number), (None, None))
        if (lesson.start_time, lesson.end_time) != (start, end):
            lesson.start_time, lesson.end_time = start, end
            changed.append(lesson)
    Lesson.objects.bulk_update(changed, ["start_time", "end_time"], batch_size=500)
    return len(changed)


@transaction.atomic
def bell_schedule_day_add(
    *, actor: Actor, school: Organization, date: datetime.date, bell_schedule: BellSchedule
) -> BellScheduleDay:
    if bell_schedule.school_id != school.pk:
        raise ValidationError({"bell_schedule": _("The bell schedule belongs to another school.")})
    lock_school(school.pk)
    if BellScheduleDay.objects.filter(school=school, date=date).exists():
        raise ValidationError(
            {"date": _("%(date)s already has its own bell schedule.") % {"date": fmt(date)}}
        )
    day = record_create(
        actor=actor,
        instance=BellScheduleDay(school=school, date=date, bell_schedule=bell_schedule),
    )
    _retime(school.pk, date)
    return day


@transaction.atomic
def bell_schedule_day_delete(*, actor: Actor, day: BellScheduleDay) -> None:
    lock_school(day.school_id)
    date, school_id = day.date, day.school_id
    record_delete(actor=actor, instance=day)
    _retime(school_id, date)
