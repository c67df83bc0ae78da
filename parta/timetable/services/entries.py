"""Writes of the timetable: every entry is validated (model rules and clashes) and audited in
the transaction that writes it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, changed, snapshot
from parta.core.services.records import record_delete
from parta.core.validation import fmt
from parta.organizations.models import AcademicYear
from parta.timetable.models import TimetableEntry
from parta.timetable.services.conflicts import clash_messages, load_messages
from parta.timetable.services.placement import lock_school


def _validate(entry: TimetableEntry) -> None:
    entry.full_clean()
    messages = clash_messages(entry) + load_messages(entry)
    if messages:
        raise ValidationError(messages)


@transaction.atomic
def timetable_entry_save(*, actor: Actor, entry: TimetableEntry) -> TimetableEntry:
    """Create or update `entry`: model rules, then clashes with every other lesson of the school
    (all messages at once), then write and audit."""
    lock_school(entry.school_id)
    before = snapshot(TimetableEntry.objects.get(pk=entry.pk)) if entry.pk is not None else None
    _validate(entry)
    entry.save()
    if before is None:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=entry,
            after=snapshot(entry),
        )
    else:
        old, new = changed(before, snapshot(entry))
        if old or new:
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=entry,
                before=old,
                after=new,
            )
    return entry


@transaction.atomic
def timetable_entry_delete(*, actor: Actor, entry: TimetableEntry) -> None:
    record_delete(actor=actor, instance=entry)


@transaction.atomic
def timetable_copy(
    *,
    actor: Actor,
    academic_year: AcademicYear,
    source_from: datetime.date,
    source_to: datetime.date,
    valid_from: datetime.date,
    valid_to: datetime.date | None,
) -> list[TimetableEntry]:
    """Copy the entries in force on any day of [source_from, source_to] to a new period
    [valid_from, valid_to]. All or nothing: every copy is validated and checked for clashes
    (with the lessons already there and with the other copies); any problem writes nothing."""
    if source_to < source_from:
        raise ValidationError(_("The end cannot be earlier than the start."))
    lock_school(academic_year.school_id)
    sources = list(
        TimetableEntry.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=source_from),
            school_id=academic_year.school_id,
            academic_year=academic_year,
            valid_from__lte=source_to,
        )
        .select_related("school_class", "study_group", "subject", "teacher__person", "room")
        .order_by("weekday", "slot_number", "pk")
    )
    if not sources:
        raise ValidationError(
            _("No lessons in force between %(start)s and %(end)s.")
            % {"start": fmt(source_from), "end": fmt(source_to)}
        )
    errors: list[str] = []
    copies: list[TimetableEntry] = []
    for source in sources:
        copy = TimetableEntry(
            school_id=source.school_id,
            academic_year_id=source.academic_year_id,
            weekday=source.weekday,
            slot_number=source.slot_number,
            school_class=source.school_class,
            study_group=source.study_group,
            subject=source.subject,
            teacher=source.teacher,
            room=source.room,
            week_parity=source.week_parity,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        try:
            _validate(copy)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        copy.save()
        copies.append(copy)
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))
    for copy in copies:
        audit_record(
            actor=actor, action=AuditEvent.Action.CREATE, instance=copy, after=snapshot(copy)
        )
    return copies
