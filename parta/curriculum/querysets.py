from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q


class SubjectQuerySet(models.QuerySet[Any]):
    def federal(self) -> SubjectQuerySet:
        return self.filter(school__isnull=True)

    def for_school(self, school: Any) -> SubjectQuerySet:
        """The federal catalogue plus the school's own subjects."""
        return self.filter(Q(school__isnull=True) | Q(school=school))

    def visible_to(self, user: Any) -> SubjectQuerySet:
        """The federal catalogue plus the own subjects of every school the user reaches."""
        from parta.accounts.access import access_for

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(
            Q(school__isnull=True) | Q(school_id__in=sorted(access.readable_school_ids))
        )

    def active(self) -> SubjectQuerySet:
        return self.filter(is_active=True)
