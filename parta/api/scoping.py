"""Which schools' rows an API reader reaches, for the registries that every member of a school
reads (the school's structure: years, periods, holidays, buildings, rooms, subjects)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from parta.accounts.access import access_for


def member_school_q(user: Any, field: str = "school_id") -> Q:
    """Rows of the schools where the user holds any role, or reads through a municipality
    (every row for a system administrator)."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    return Q(**{f"{field}__in": sorted(access.readable_school_ids)})


def admin_school_ids(user: Any) -> list[int]:
    """Schools the user administers (director, deputy director, secretary)."""
    access = access_for(user)
    return sorted(sid for sid in access.school_roles if access.is_school_admin(sid))


def staff_admin_school_ids(user: Any) -> list[int]:
    """Schools whose staff registry the user manages (administration and HR)."""
    access = access_for(user)
    return sorted(sid for sid in access.school_roles if access.can_manage_staff(sid))
