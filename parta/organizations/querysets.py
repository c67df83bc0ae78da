from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models
from django.db.models import Q

from parta.organizations.choices import OrganizationKind

SCHOOL_KIND_VALUES = (OrganizationKind.SCHOOL, OrganizationKind.COLLEGE)

M = TypeVar("M", bound=models.Model)


class OrganizationQuerySet(models.QuerySet[Any]):
    def schools(self) -> OrganizationQuerySet:
        return self.filter(kind__in=SCHOOL_KIND_VALUES)

    def under(self, org_ids: set[int] | frozenset[int]) -> OrganizationQuerySet:
        """Organizations strictly below any of `org_ids` (the tree is at most three deep)."""
        return self.filter(Q(parent_id__in=org_ids) | Q(parent__parent_id__in=org_ids))

    def visible_to(self, user: Any) -> OrganizationQuerySet:
        """Schools the user reaches plus the municipalities/regions above them or held by a
        municipal role. Twin of `accounts.rules.can_read_school` for schools."""
        from parta.accounts.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        school_ids = access.readable_school_ids
        return self.filter(
            Q(pk__in=school_ids)
            | Q(pk__in=access.tree_org_ids)
            | Q(children__pk__in=school_ids)
            | Q(children__children__pk__in=school_ids)
        ).distinct()


class SchoolOwnedQuerySet(models.QuerySet[M]):
    """Base for every school-owned model: explicit scoping, never a hidden global filter."""

    def for_school(self, school: Any) -> Self:
        return self.filter(school=school)

    def visible_to(self, user: Any) -> Self:
        """Rows of every school the user reaches (any role there, or a municipal reader above
        it). The school's structure (years, periods, holidays, buildings, rooms) is open to all
        its members; models holding people's data override this with stricter rules."""
        from parta.accounts.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(school_id__in=sorted(access.readable_school_ids))
