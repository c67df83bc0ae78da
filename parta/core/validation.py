"""Small helpers for `clean()` methods: same-school checks and date-range overlaps."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _


def require_same_school(instance: models.Model, *field_names: str) -> None:
    """Every related object named must belong to `instance.school`."""
    school_id = getattr(instance, "school_id", None)
    errors: dict[str, str] = {}
    for name in field_names:
        related = getattr(instance, name, None)
        if related is not None and getattr(related, "school_id", school_id) != school_id:
            errors[name] = _("The selected object belongs to another organization.")
    if errors:
        raise ValidationError(errors)


def active_on(prefix: str = "", day: datetime.date | None = None) -> Q:
    """Dated rows (start_date, end_date or open end) that cover `day` (today by default).
    `prefix` reaches the dated row through a relation, e.g. "enrollments__"."""
    from django.utils import timezone

    day = day or timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def overlapping(
    queryset: models.QuerySet[Any],
    start: datetime.date,
    end: datetime.date | None,
    *,
    exclude_pk: object = None,
) -> models.QuerySet[Any]:
    """Rows of `queryset` whose [start_date, end_date] (open end allowed) meets [start, end]."""
    condition = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        condition &= Q(start_date__lte=end)
    qs = queryset.filter(condition)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs


def require_within(
    field_prefix: str,
    start: datetime.date | None,
    end: datetime.date | None,
    outer_start: datetime.date,
    outer_end: datetime.date,
    message: str,
) -> None:
    if start is None:
        return
    if start < outer_start or start > outer_end or (end is not None and end > outer_end):
        raise ValidationError({f"{field_prefix}start_date": message})


def fmt(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "…"
