"""Querysets of people, classes and groups, with `visible_to(user)` twins of `people.rules`."""

from __future__ import annotations

import datetime
from typing import Any

from parta.accounts.access import access_for
from parta.core.validation import active_on
from parta.organizations.querysets import SchoolOwnedQuerySet


class StudentQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> StudentQuerySet:
        """Whole schools for staff and municipal readers; a class teacher's current class;
        a parent's own children; a student themself (`people.rules.student_rows_q`)."""
        from parta.people.rules import student_rows_q

        return self.filter(student_rows_q(user))

    def enrolled_on(self, day: datetime.date) -> StudentQuerySet:
        return self.filter(active_on("enrollments__", day)).distinct()


class StaffMemberQuerySet(SchoolOwnedQuerySet[Any]):
    def active(self) -> StaffMemberQuerySet:
        return self.filter(dismissal_date__isnull=True)

    def visible_to(self, user: Any) -> StaffMemberQuerySet:
        """Every member of a school reads the staff list of that school (names and
        positions are public within the school); municipal readers read it too."""
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(school_id__in=access.readable_school_ids)


class GuardianshipQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> GuardianshipQuerySet:
        from parta.people.models import Student
        from parta.people.rules import student_rows_q

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(student__in=Student.objects.filter(student_rows_q(user)).values("pk"))


class SchoolClassQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> SchoolClassQuerySet:
        """The class list of a school is visible to everybody in it (and above it)."""
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(school_id__in=access.readable_school_ids)

    def led_by(self, user: Any) -> SchoolClassQuerySet:
        return self.filter(class_teacher__person__user=user)


class EnrollmentQuerySet(SchoolOwnedQuerySet[Any]):
    def active_on(self, day: datetime.date) -> EnrollmentQuerySet:
        return self.filter(active_on("", day))


class StudyGroupQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> StudyGroupQuerySet:
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(school_id__in=access.readable_school_ids)
