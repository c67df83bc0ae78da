"""One school's journal material for the service, rule and concurrency tests: class 5А with two
students, its teacher (with a login), a lesson on the first Monday of the year with one
assignment, a deputy director, another teacher, and a substitute."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment
from parta.core.context import Actor
from parta.core.testing import factories as f


def _user(school: Any, role: str, staff: bool = True) -> tuple[Any, Any]:
    user = f.UserFactory.create()
    RoleAssignment.objects.create(user=user, organization=school, role=role)
    member = f.StaffMemberFactory.create(school=school, person__user=user) if staff else None
    return user, member


class Rig:
    def __init__(self, school: Any | None = None) -> None:
        period_set = f.PeriodSetFactory.create(
            **({"academic_year__school": school} if school is not None else {})
        )
        self.year = period_set.academic_year
        self.school = self.year.school
        self.teacher_user, self.teacher = _user(self.school, Role.TEACHER)
        self.other_user, self.other_teacher = _user(self.school, Role.TEACHER)
        self.sub_user, self.substitute = _user(self.school, Role.TEACHER)
        self.deputy_user, _ = _user(self.school, Role.DEPUTY_DIRECTOR, staff=False)
        self.secretary_user, _ = _user(self.school, Role.SECRETARY, staff=False)
        self.school_class = f.SchoolClassFactory.create(
            period_set=period_set, grade=5, letter="А", class_teacher=self.other_teacher
        )
        self.student = f.EnrollmentFactory.create(school_class=self.school_class).student
        self.student2 = f.EnrollmentFactory.create(school_class=self.school_class).student
        self.subject = f.federal_subject()
        self.lesson = f.LessonFactory.create(
            school_class=self.school_class, teacher=self.teacher, subject=self.subject
        )
        self.work_type = f.WorkTypeFactory.create(school=self.school)
        self.assignment = f.AssignmentFactory.create(lesson=self.lesson, work_type=self.work_type)
        self.teacher_actor = Actor(user=self.teacher_user, ip_address="10.0.0.5")
        self.deputy_actor = Actor(user=self.deputy_user)
        self.other_actor = Actor(user=self.other_user)

    def noon(self, day: datetime.date) -> datetime.datetime:
        """Noon of a school day in the school's time zone (for `time_machine`)."""
        return datetime.datetime.combine(day, datetime.time(12), ZoneInfo(self.school.timezone))

    def lesson_on(self, day: datetime.date, **kwargs: Any) -> Any:
        values: dict[str, Any] = {
            "school_class": self.school_class,
            "teacher": self.teacher,
            "subject": self.subject,
            "date": day,
            "school": self.school,
            "academic_year": self.year,
        }
        values.update(kwargs)
        return f.LessonFactory.create(**values)
