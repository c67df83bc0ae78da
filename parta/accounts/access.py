"""What a user may reach: the roles they hold per organization, resolved once per request.

Predicates in `rules.py` modules and the `visible_to()` queryset filters both read this object,
so a page and its list can never disagree about who sees what.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

from parta.accounts.choices import SCHOOL_ADMIN_ROLES, SCHOOL_STAFF_ROLES, STAFF_ADMIN_ROLES, Role

_CACHE_ATTR = "_parta_access"


@dataclass(frozen=True)
class UserAccess:
    user_id: int | None
    is_superuser: bool = False
    #: roles held directly in a school (org id → roles)
    school_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    #: schools reached read-only through a municipality or region role
    tree_read_school_ids: frozenset[int] = frozenset()
    #: municipalities/regions where the user is a municipal specialist
    tree_org_ids: frozenset[int] = frozenset()
    #: every school id in the deployment (filled only for superusers)
    all_school_ids: frozenset[int] = frozenset()

    # --- schools -------------------------------------------------------------------------
    @property
    def readable_school_ids(self) -> frozenset[int]:
        if self.is_superuser:
            return self.all_school_ids
        return frozenset(self.school_roles) | self.tree_read_school_ids

    def roles_in(self, school_id: int) -> frozenset[str]:
        if self.is_superuser:
            return frozenset({Role.SYSTEM_ADMIN})
        return self.school_roles.get(school_id, frozenset())

    def can_read_school(self, school_id: int) -> bool:
        return school_id in self.readable_school_ids

    def has_role(self, school_id: int, *roles: str) -> bool:
        return bool(self.roles_in(school_id) & set(roles))

    def is_school_admin(self, school_id: int) -> bool:
        return self.is_superuser or bool(self.roles_in(school_id) & SCHOOL_ADMIN_ROLES)

    def can_manage_staff(self, school_id: int) -> bool:
        return self.is_superuser or bool(self.roles_in(school_id) & STAFF_ADMIN_ROLES)

    def reads_whole_school(self, school_id: int) -> bool:
        """School staff and municipal specialists read every registry of the school."""
        return (
            self.is_superuser
            or bool(self.roles_in(school_id) & SCHOOL_STAFF_ROLES)
            or school_id in self.tree_read_school_ids
        )

    @property
    def admin_school_ids(self) -> list[int]:
        """Schools the user administers (director, deputy director, secretary)."""
        return sorted(sid for sid in self.school_roles if self.is_school_admin(sid))

    @property
    def staff_admin_school_ids(self) -> list[int]:
        """Schools whose staff registry the user manages (administration and HR)."""
        return sorted(sid for sid in self.school_roles if self.can_manage_staff(sid))

    @property
    def whole_school_ids(self) -> list[int]:
        """Schools whose registries the user reads in full (staff and municipal readers)."""
        return sorted(sid for sid in self.readable_school_ids if self.reads_whole_school(sid))

    def is_tree_reader(self, school_id: int) -> bool:
        return school_id in self.tree_read_school_ids and not self.school_roles.get(school_id)


def _compute(user: Any) -> UserAccess:
    from parta.accounts.models import RoleAssignment
    from parta.organizations.models import Organization
    from parta.organizations.selectors import school_ids_under

    if not user or not user.is_authenticated:
        return UserAccess(user_id=None)
    if user.is_superuser:
        ids = frozenset(Organization.objects.schools().values_list("pk", flat=True))
        return UserAccess(user_id=user.pk, is_superuser=True, all_school_ids=ids)
    school_roles: dict[int, set[str]] = {}
    tree_orgs: set[int] = set()
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "organization_id", "organization__kind", "role"
    )
    for org_id, kind, role in rows:
        if kind in Organization.SCHOOL_KINDS:
            school_roles.setdefault(org_id, set()).add(role)
        elif role == Role.MUNICIPAL_SPECIALIST:
            tree_orgs.add(org_id)
    tree_schools = school_ids_under(tree_orgs) if tree_orgs else frozenset()
    return UserAccess(
        user_id=user.pk,
        school_roles={key: frozenset(value) for key, value in school_roles.items()},
        tree_read_school_ids=frozenset(tree_schools),
        tree_org_ids=frozenset(tree_orgs),
    )


def access_for(user: Any) -> UserAccess:
    """The user's access, computed once and cached on the user object (one request)."""
    if user is None:
        return UserAccess(user_id=None)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _compute(user)
        with contextlib.suppress(AttributeError):
            setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_access(user: Any) -> None:
    """Drop the cached access after roles change within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
