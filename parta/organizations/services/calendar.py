"""Writes to the school year: a period set with all its periods, a holiday set with all its
holidays — each saved whole or not at all.

The page sends the set's fields and the full list of rows it wants the set to have. Every row
is checked first (field values, start ≤ end, inside the academic year, no overlap with another
row of the set, unique numbers), and every error is reported against its row; only when all
rows pass is anything written: the set, then each deleted, changed and new row, each with its
audit event, in one transaction. Finally every written row passes its model's `full_clean()`
against the database, so a rule added to the model later is never bypassed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError
from django.utils.translation import gettext

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, changed, snapshot
from parta.core.validation import fmt
from parta.organizations.choices import PeriodKind
from parta.organizations.models import AcademicYear, Holiday, HolidaySet, PeriodSet, StudyPeriod
from parta.organizations.services.deletion import delete_unused, in_use_error

#: More rows than this in one set is a mistake (or an attack), not a school calendar.
MAX_ROWS = 60
MAX_PERIOD_NUMBER = 99

Errors = dict[str, list[str]]


@dataclass(frozen=True)
class PeriodRow:
    """One study period as the page sends it; `pk` names an existing period of the set."""

    number: int | None
    name: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    pk: int | None = None


@dataclass(frozen=True)
class HolidayRow:
    name: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    pk: int | None = None


class SetRowsError(ValidationError):
    """Errors of a set and of its rows. `set_errors` maps the set's fields (or
    `NON_FIELD_ERRORS`) to messages; `row_errors` maps a row's position in the list given to
    the service to its own field → messages."""

    def __init__(self, set_errors: Errors, row_errors: dict[int, Errors]) -> None:
        self.set_errors = set_errors
        self.row_errors = row_errors
        messages = [message for errors in set_errors.values() for message in errors]
        for index in sorted(row_errors):
            for errors in row_errors[index].values():
                messages.extend(
                    gettext("Row %(row)s: %(error)s") % {"row": index + 1, "error": message}
                    for message in errors
                )
        super().__init__(messages)


@dataclass(frozen=True)
class _Spec:
    model: type[StudyPeriod] | type[Holiday]
    parent_field: str
    row_fields: tuple[str, ...]
    numbered: bool
    outside: Callable[[], str]
    clash: Callable[[], str]


_PERIODS = _Spec(
    model=StudyPeriod,
    parent_field="period_set",
    row_fields=("number", "name", "start_date", "end_date"),
    numbered=True,
    # The same texts as the model's `clean()`: one translation serves both.
    outside=lambda: gettext(
        "A study period must lie within the academic year (%(start)s–%(end)s)."
    ),
    clash=lambda: gettext("The period overlaps the period “%(name)s” (%(start)s–%(end)s)."),
)
_HOLIDAYS = _Spec(
    model=Holiday,
    parent_field="holiday_set",
    row_fields=("name", "start_date", "end_date"),
    numbered=False,
    outside=lambda: gettext("Holidays must lie within the academic year (%(start)s–%(end)s)."),
    clash=lambda: gettext("The holidays overlap the holidays “%(name)s” (%(start)s–%(end)s)."),
)


# --- public services ---------------------------------------------------------------------


def period_set_save(
    *,
    actor: Actor,
    period_set: PeriodSet,
    data: Mapping[str, object],
    periods: Sequence[PeriodRow],
) -> PeriodSet:
    """Create or change `period_set` (with `data` applied) so that its periods are exactly
    `periods`: rows with a `pk` change that period, rows without one are new, and periods of
    the set left out are deleted. Raises `SetRowsError` and writes nothing on any error."""
    return _save_set(actor=actor, parent=period_set, data=data, rows=periods, spec=_PERIODS)


def holiday_set_save(
    *,
    actor: Actor,
    holiday_set: HolidaySet,
    data: Mapping[str, object],
    holidays: Sequence[HolidayRow],
) -> HolidaySet:
    """The same as `period_set_save` for a holiday set and its holidays."""
    return _save_set(actor=actor, parent=holiday_set, data=data, rows=holidays, spec=_HOLIDAYS)


def period_set_delete(*, actor: Actor, period_set: PeriodSet) -> None:
    """Delete a set no class uses, with its periods (each audited)."""
    delete_unused(actor=actor, instance=period_set, children=list(period_set.periods.all()))


def holiday_set_delete(*, actor: Actor, holiday_set: HolidaySet) -> None:
    """Delete a set no class uses, with its holidays (each audited)."""
    delete_unused(actor=actor, instance=holiday_set, children=list(holiday_set.holidays.all()))


# --- typical dates -----------------------------------------------------------------------


def _anchor_year(year: AcademicYear) -> int:
    start = year.start_date
    return start.year if start.month >= 6 else start.year - 1


def _friday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - 4) % 7)


def _monday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


def _weekday_on_or_after(day: datetime.date) -> datetime.date:
    return day if day.weekday() < 5 else _monday_on_or_after(day)


def _typical_quarter_bounds(year: AcademicYear) -> list[tuple[datetime.date, datetime.date]]:
    """The usual Russian quarters for a five-day week: autumn holidays around the 4th of
    November, winter holidays over the New Year, spring holidays at the end of March, the
    year ending in the last week of May."""
    y = _anchor_year(year)
    q1 = (
        _weekday_on_or_after(datetime.date(y, 9, 1)),
        _friday_on_or_before(datetime.date(y, 10, 25)),
    )
    q2 = (_weekday_on_or_after(datetime.date(y, 11, 5)), datetime.date(y, 12, 28))
    q3_end = _friday_on_or_before(datetime.date(y + 1, 3, 21))
    q3 = (_monday_on_or_after(datetime.date(y + 1, 1, 9)), q3_end)
    q4 = (_monday_on_or_after(q3_end + datetime.timedelta(days=8)), datetime.date(y + 1, 5, 26))
    return [q1, q2, q3, q4]


def _clamped(
    year: AcademicYear, bounds: Sequence[tuple[datetime.date, datetime.date]]
) -> list[tuple[datetime.date, datetime.date]]:
    result = []
    for start, end in bounds:
        start, end = max(start, year.start_date), min(end, year.end_date)
        if start <= end:
            result.append((start, end))
    return result


def typical_periods(kind: str, year: AcademicYear) -> list[PeriodRow]:
    """Typical periods of a Russian school year of the given kind, inside `year`."""
    y = _anchor_year(year)
    q = _typical_quarter_bounds(year)
    if kind == PeriodKind.QUARTERS:
        bounds, label = q, gettext("%(number)s quarter")
    elif kind == PeriodKind.TRIMESTERS:
        march_first = datetime.date(y + 1, 3, 1)
        bounds = [
            (q[0][0], datetime.date(y, 11, 30)),
            (datetime.date(y, 12, 1), march_first - datetime.timedelta(days=1)),
            (march_first, q[3][1]),
        ]
        label = gettext("%(number)s trimester")
    else:
        bounds = [(q[0][0], q[1][1]), (q[2][0], q[3][1])]
        label = (
            gettext("%(number)s semester")
            if kind == PeriodKind.SEMESTERS
            else gettext("%(number)s half-year")
        )
    return [
        PeriodRow(number=n, name=label % {"number": n}, start_date=start, end_date=end)
        for n, (start, end) in enumerate(_clamped(year, bounds), start=1)
    ]


def typical_holidays(year: AcademicYear, *, main: bool) -> list[HolidayRow]:
    """The holidays between the typical quarters (main set), or the extra February week of
    grade 1 (an extra set)."""
    one = datetime.timedelta(days=1)
    if main:
        q = _typical_quarter_bounds(year)
        names = [
            gettext("Autumn holidays"),
            gettext("Winter holidays"),
            gettext("Spring holidays"),
        ]
        bounds = [(q[i][1] + one, q[i + 1][0] - one) for i in range(3)]
    else:
        y = _anchor_year(year)
        february = datetime.date(y + 1, 2, 14)
        saturday = february + datetime.timedelta(days=(5 - february.weekday()) % 7)
        names = [gettext("Extra holidays for grade 1")]
        bounds = [(saturday, saturday + datetime.timedelta(days=8))]
    rows = []
    for name, (start, end) in zip(names, bounds, strict=True):
        for start_c, end_c in _clamped(year, [(start, end)]):
            rows.append(HolidayRow(name=name, start_date=start_c, end_date=end_c))
    return rows


# --- the engine ----------------------------------------------------------------------------


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _merge(errors: Errors, exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        for message in messages:
            if message not in errors.get(field, []):
                _add(errors, field, message)


def _validate_rows(
    *,
    parent: Any,
    rows: Sequence[PeriodRow | HolidayRow],
    existing: dict[int, Any],
    year: AcademicYear | None,
    spec: _Spec,
) -> tuple[list[tuple[int, Any, dict[str, Any] | None]], dict[int, Errors]]:
    """Build the row instances (not saved) and check them against each other and the year."""
    built: list[tuple[int, Any, dict[str, Any] | None]] = []
    row_errors: dict[int, Errors] = {}
    seen: set[int] = set()
    for index, row in enumerate(rows):
        errors: Errors = {}
        before: dict[str, Any] | None = None
        child: Any
        if row.pk is not None:
            child = existing.get(row.pk)
            if child is None or row.pk in seen:
                _add(
                    errors,
                    NON_FIELD_ERRORS,
                    gettext("This row is not part of the set any more: reload the page."),
                )
                row_errors[index] = errors
                continue
            seen.add(row.pk)
            before = snapshot(child)
        else:
            child = spec.model(school_id=parent.school_id)
        setattr(child, spec.parent_field, parent)
        for name in spec.row_fields:
            setattr(child, name, getattr(row, name))
        try:
            child.clean_fields(exclude={spec.parent_field, "school"})
        except ValidationError as exc:
            _merge(errors, exc)
        if (
            spec.numbered
            and child.number is not None
            and "number" not in errors
            and not 1 <= child.number <= MAX_PERIOD_NUMBER
        ):
            _add(
                errors,
                "number",
                gettext("The number must be between 1 and %(max)s.") % {"max": MAX_PERIOD_NUMBER},
            )
        start, end = child.start_date, child.end_date
        if start is not None and end is not None and "end_date" not in errors and start > end:
            _add(errors, "end_date", gettext("The end cannot be earlier than the start."))
        if (
            year is not None
            and start is not None
            and "start_date" not in errors
            and (start < year.start_date or (end or start) > year.end_date)
        ):
            _add(
                errors,
                "start_date",
                spec.outside() % {"start": fmt(year.start_date), "end": fmt(year.end_date)},
            )
        if errors:
            row_errors[index] = errors
        built.append((index, child, before))

    dated = [
        (index, child)
        for index, child, _before in built
        if child.start_date is not None
        and child.end_date is not None
        and child.start_date <= child.end_date
    ]
    for index, child in dated:
        for other_index, other in dated:
            if other_index == index:
                continue
            if child.start_date <= other.end_date and other.start_date <= child.end_date:
                message = spec.clash() % {
                    "name": other.name or "—",
                    "start": fmt(other.start_date),
                    "end": fmt(other.end_date),
                }
                _add(row_errors.setdefault(index, {}), NON_FIELD_ERRORS, message)
                break
    if spec.numbered:
        by_number: dict[int, list[int]] = {}
        for index, child, _before in built:
            if child.number is not None:
                by_number.setdefault(child.number, []).append(index)
        for number, indexes in by_number.items():
            if len(indexes) > 1:
                for index in indexes:
                    _add(
                        row_errors.setdefault(index, {}),
                        "number",
                        gettext("Number %(number)s is used by more than one row of the set.")
                        % {"number": number},
                    )
    return built, row_errors


def _park_renumbered(built: list[tuple[int, Any, dict[str, Any] | None]], spec: _Spec) -> None:
    """Move periods whose number changes out of the way first, so that swapping two numbers
    never meets the (set, number) unique constraint halfway."""
    moving = [
        child
        for _index, child, before in built
        if before is not None and before["number"] != child.number
    ]
    if not moving:
        return
    base = MAX_PERIOD_NUMBER + 1
    for offset, child in enumerate(moving):
        spec.model.objects.filter(pk=child.pk).update(number=base + offset)


def _save_set(
    *,
    actor: Actor,
    parent: Any,
    data: Mapping[str, object],
    rows: Sequence[PeriodRow | HolidayRow],
    spec: _Spec,
) -> Any:
    assert parent.school_id is not None, "the caller sets the school of the set"
    parent_model: type[models.Model] = type(parent)
    with transaction.atomic():
        set_errors: Errors = {}
        existing: dict[int, Any] = {}
        before: dict[str, Any] | None = None
        if parent.pk is not None:
            fresh: Any = parent_model._default_manager.select_for_update().get(pk=parent.pk)
            before = snapshot(fresh)
            existing = {
                child.pk: child
                for child in spec.model.objects.filter(**{spec.parent_field: parent})
            }
        for name, value in data.items():
            setattr(parent, name, value)
        if before is not None and parent.academic_year_id != before["academic_year_id"]:
            _add(
                set_errors,
                "academic_year",
                gettext(
                    "The academic year of an existing set cannot be changed: create a new set "
                    "for the other year."
                ),
            )
        try:
            parent.full_clean()
        except ValidationError as exc:
            _merge(set_errors, exc)
        if len(rows) > MAX_ROWS:
            _add(
                set_errors,
                NON_FIELD_ERRORS,
                gettext("A set can have at most %(max)s rows.") % {"max": MAX_ROWS},
            )
            raise SetRowsError(set_errors, {})
        year = (
            parent.academic_year
            if parent.academic_year_id and "academic_year" not in set_errors
            else None
        )
        built, row_errors = _validate_rows(
            parent=parent, rows=rows, existing=existing, year=year, spec=spec
        )
        if set_errors or row_errors:
            raise SetRowsError(set_errors, row_errors)
        try:
            _write(
                actor=actor, parent=parent, before=before, existing=existing, built=built, spec=spec
            )
        except SetRowsError:
            if before is None:  # the rolled-back set must not look saved
                parent.pk = None
                parent._state.adding = True
            raise
    return parent


def _write(
    *,
    actor: Actor,
    parent: Any,
    before: dict[str, Any] | None,
    existing: dict[int, Any],
    built: list[tuple[int, Any, dict[str, Any] | None]],
    spec: _Spec,
) -> None:
    """Everything is checked: write the set, then delete, change and add its rows, auditing
    each; last, the model's own rules against what is now in the database."""
    parent.save()
    _audit_change(actor, parent, before)
    kept = {child.pk for _index, child, _before in built if child.pk is not None}
    for pk, child in existing.items():
        if pk in kept:
            continue
        audit_record(
            actor=actor, action=AuditEvent.Action.DELETE, instance=child, before=snapshot(child)
        )
        try:
            child.delete()
        except ProtectedError as exc:
            message = in_use_error(child, exc.protected_objects).messages
            raise SetRowsError({NON_FIELD_ERRORS: message}, {}) from exc
    if spec.numbered:
        _park_renumbered(built, spec)
    for _index, child, child_before in built:
        setattr(child, spec.parent_field, parent)
        if child_before is None or changed(child_before, snapshot(child)) != ({}, {}):
            child.save()
            _audit_change(actor, child, child_before)
    late: dict[int, Errors] = {}
    for index, child, _before in built:
        try:
            child.full_clean()
        except ValidationError as exc:
            _merge(late.setdefault(index, {}), exc)
    if late:
        raise SetRowsError({}, late)


def _audit_change(actor: Actor, instance: models.Model, before: dict[str, Any] | None) -> None:
    if before is None:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=instance,
            after=snapshot(instance),
        )
        return
    old, new = changed(before, snapshot(instance))
    if old or new:
        audit_record(
            actor=actor, action=AuditEvent.Action.UPDATE, instance=instance, before=old, after=new
        )
