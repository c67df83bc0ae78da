"""Writes of bell schedules: a schedule and all its lesson times are validated together and
written in one transaction (nothing is written when any row is wrong)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete, record_update
from parta.people.models import SchoolClass
from parta.timetable.calculations import SlotRow, slot_problems
from parta.timetable.models import BellSchedule, ClassBellSchedule, Slot


@dataclass(frozen=True)
class SlotData:
    number: int
    start_time: datetime.time
    end_time: datetime.time


def slot_errors(slots: Sequence[SlotData]) -> dict[int, list[str]]:
    return slot_problems([SlotRow(s.number, s.start_time, s.end_time) for s in slots])


@transaction.atomic
def bell_schedule_save(
    *,
    actor: Actor,
    schedule: BellSchedule,
    data: dict[str, object],
    slots: Sequence[SlotData],
) -> BellSchedule:
    """Create (no pk) or update `schedule` with `data` and replace its lesson times with
    `slots`. Making a schedule the default takes the mark from the year's previous default."""
    problems = slot_errors(slots)
    if problems:
        raise ValidationError([m for messages in problems.values() for m in messages])
    if not slots:
        raise ValidationError(_("Add at least one lesson."))
    for name, value in data.items():
        setattr(schedule, name, value)
    if schedule.is_default:
        previous = BellSchedule.objects.filter(
            school_id=schedule.school_id,
            academic_year_id=schedule.academic_year_id,
            is_default=True,
        ).exclude(pk=schedule.pk)
        for other in previous:
            record_update(actor=actor, instance=other, data={"is_default": False})
    if schedule.pk is None:
        schedule = record_create(actor=actor, instance=schedule)
    else:
        schedule = record_update(actor=actor, instance=schedule, data=data)
    existing = {slot.number: slot for slot in schedule.slots.all()}
    wanted = {slot.number for slot in slots}
    for number, slot in existing.items():
        if number not in wanted:
            record_delete(actor=actor, instance=slot)
    for row in slots:
        current = existing.get(row.number)
        if current is None:
            record_create(
                actor=actor,
                instance=Slot(
                    school_id=schedule.school_id,
                    bell_schedule=schedule,
                    number=row.number,
                    start_time=row.start_time,
                    end_time=row.end_time,
                ),
            )
        elif (current.start_time, current.end_time) != (row.start_time, row.end_time):
            record_update(
                actor=actor,
                instance=current,
                data={"start_time": row.start_time, "end_time": row.end_time},
            )
    return schedule


@transaction.atomic
def class_bell_schedule_set(
    *, actor: Actor, school_class: SchoolClass, bell_schedule: BellSchedule | None
) -> None:
    """The class follows `bell_schedule` (None: the year's default)."""
    current = ClassBellSchedule.objects.filter(school_class=school_class).first()
    if bell_schedule is None:
        if current is not None:
            record_delete(actor=actor, instance=current)
        return
    if current is None:
        record_create(
            actor=actor,
            instance=ClassBellSchedule(
                school_id=school_class.school_id,
                school_class=school_class,
                bell_schedule=bell_schedule,
            ),
        )
    elif current.bell_schedule_id != bell_schedule.pk:
        record_update(actor=actor, instance=current, data={"bell_schedule": bell_schedule})
