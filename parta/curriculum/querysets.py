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

    def active(self) -> SubjectQuerySet:
        return self.filter(is_active=True)
