"""Querysets of people, classes and groups, with `visible_to(user)` twins of `people.rules`."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.organizations.querysets import SchoolOwnedQuerySet


def _active_on(prefix: str, day: datetime.date) -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


class StudentQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> StudentQuerySet:
        """Whole schools for staff and municipal readers; a class teacher's current class;
        a parent's own children; a student themself."""
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        whole = [sid for sid in access.readable_school_ids if access.reads_whole_school(sid)]
        condition = Q(school_id__in=whole)
        teacher_schools = [
            sid for sid, roles in access.school_roles.items() if Role.TEACHER in roles
        ]
        if teacher_schools:
            today = timezone.localdate()
            condition |= Q(
                school_id__in=teacher_schools,
                enrollments__school_class__class_teacher__person__user_id=access.user_id,
            ) & _active_on("enrollments__", today)
        condition |= Q(guardianships__guardian__user_id=access.user_id)
        condition |= Q(person__user_id=access.user_id)
        return self.filter(condition).distinct()

    def enrolled_on(self, day: datetime.date) -> StudentQuerySet:
        return self.filter(_active_on("enrollments__", day)).distinct()


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

        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(student__in=Student.objects.visible_to(user))


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
        return self.filter(_active_on("", day))


class StudyGroupQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> StudyGroupQuerySet:
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(school_id__in=access.readable_school_ids)
