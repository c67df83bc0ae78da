"""The school menu on pages outside any school (notifications, the calendar address): the
menu of the user's last school. Lazy: a school page sets `current_school` itself and these
are never evaluated there; elsewhere the first use costs the school (and the roles) once."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest


def school_menu(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}
    from parta.accounts.access import access_for
    from parta.organizations.models import Organization

    @cache
    def current_school() -> Organization | None:
        school_id = getattr(user, "last_school_id", None)
        if school_id is None or not access_for(user).can_read_school(school_id):
            return None
        return Organization.objects.filter(pk=school_id).first()

    def current_roles() -> frozenset[str]:
        school = current_school()
        return access_for(user).roles_in(school.pk) if school is not None else frozenset()

    def reads_whole_school() -> bool:
        school = current_school()
        return school is not None and access_for(user).reads_whole_school(school.pk)

    return {
        "current_school": current_school,
        "current_roles": current_roles,
        "reads_whole_school": reads_whole_school,
    }
