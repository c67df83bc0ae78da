"""Permission predicates for organization-level rights. Each has a queryset twin:
`Organization.objects.visible_to(user)` ⇔ `can_read_school`."""

from __future__ import annotations

from typing import Any

from parta.accounts.access import access_for


def can_read_school(user: Any, school_id: int) -> bool:
    return access_for(user).can_read_school(school_id)


def is_school_admin(user: Any, school_id: int) -> bool:
    return access_for(user).is_school_admin(school_id)


def can_manage_staff(user: Any, school_id: int) -> bool:
    return access_for(user).can_manage_staff(school_id)


def reads_whole_school(user: Any, school_id: int) -> bool:
    return access_for(user).reads_whole_school(school_id)
