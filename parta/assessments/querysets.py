from __future__ import annotations

from typing import Any

from parta.organizations.querysets import SchoolOwnedQuerySet


class AssessmentProcedureQuerySet(SchoolOwnedQuerySet[Any]):
    """The schedule is published on the school's website: everyone who reaches the school
    (staff, students, parents, municipal readers above it) reads all of it, so `visible_to` is
    the school-owned default."""

    def of_year(self, year: Any) -> AssessmentProcedureQuerySet:
        return self.filter(academic_year=year)

    def with_related(self) -> AssessmentProcedureQuerySet:
        return self.select_related("school_class", "study_group", "subject", "lesson")
