"""A school's journal settings and scale, and its standard set of work types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.journal.models import JournalSettings, WorkType
from parta.journal.scales import FIVE_POINT_VALUES

#: name, abbreviation, weight, homework — the set a school starts with (weights of a typical
#: local act; the school changes them).
DEFAULT_WORK_TYPES: list[tuple[str, str, Decimal, bool]] = [
    ("Ответ на уроке", "Отв", Decimal("1"), False),
    ("Самостоятельная работа", "С/р", Decimal("2"), False),
    ("Контрольная работа", "К/р", Decimal("3"), False),
    ("Домашнее задание", "Д/з", Decimal("1"), True),
    ("Лабораторная работа", "Л/р", Decimal("2"), False),
    ("Диктант", "Дикт", Decimal("3"), False),
    ("Проверочная работа", "П/р", Decimal("2"), False),
]


def scale_points(values: list[dict[str, Any]] | None) -> dict[str, int | None]:
    """value → points of a scale's stored values (the built-in five-point scale for None)."""
    rows = values if values else FIVE_POINT_VALUES
    return {str(row["value"]): row.get("points") for row in rows}


def journal_settings_for(school: Any) -> JournalSettings:
    """The school's settings, or unsaved defaults when it has none. One query."""
    found = JournalSettings.objects.select_related("mark_scale").filter(school=school).first()
    return found if found is not None else JournalSettings(school=school)


def scale_for(school: Any) -> dict[str, int | None]:
    """value → points of the school's scale (None: a special value counted in no average)."""
    settings = journal_settings_for(school)
    return scale_points(settings.mark_scale.values if settings.mark_scale else None)


@transaction.atomic
def default_work_types(*, actor: Actor, school: Any) -> list[WorkType]:
    """The school's work types; a school without any gets the standard set (each creation
    audited)."""
    from parta.organizations.models import Organization

    # Two first calls at once create one set: the school row is the lock.
    list(Organization.objects.select_for_update().filter(pk=school.pk).values_list("pk"))
    existing = list(WorkType.objects.filter(school=school).order_by("position", "name"))
    if existing:
        return existing
    created: list[WorkType] = []
    for position, (name, abbreviation, weight, is_homework) in enumerate(DEFAULT_WORK_TYPES):
        work_type = WorkType(
            school=school,
            name=name,
            abbreviation=abbreviation,
            weight=weight,
            is_homework=is_homework,
            position=position + 1,
        )
        work_type.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=work_type,
            after=snapshot(work_type),
        )
        created.append(work_type)
    return created
