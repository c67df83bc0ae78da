from __future__ import annotations

from typing import Any

from django.db import models


class RoleAssignmentQuerySet(models.QuerySet[Any]):
    def for_user(self, user: object) -> RoleAssignmentQuerySet:
        return self.filter(user=user)
