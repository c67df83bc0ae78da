"""What scenarios need to build their requests: the demo school and municipality, the demo
users and the people behind them. Everything is looked up once and cached."""

from __future__ import annotations

from functools import cached_property

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.organizations.models import Organization
from parta.people.models import SchoolClass, Student


class BenchError(Exception):
    """The benchmark cannot run (missing demo data, bad options)."""


class BenchContext:
    """The first demo school (the director's), read from the seeded database."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}

    def user(self, username: str) -> User:
        if username not in self._users:
            user = User.objects.filter(username=username).first()
            if user is None:
                raise BenchError(
                    f"The demo login {username!r} does not exist: is the database seeded "
                    "with seed_demo?"
                )
            self._users[username] = user
        return self._users[username]

    def _organization_of(self, username: str, role: str) -> Organization:
        assignment = (
            RoleAssignment.objects.filter(user=self.user(username), role=role)
            .select_related("organization")
            .order_by("organization_id")
            .first()
        )
        if assignment is None:
            raise BenchError(f"The demo login {username!r} has no {role} role.")
        return assignment.organization

    @cached_property
    def school(self) -> Organization:
        return self._organization_of("director", Role.DIRECTOR)

    @property
    def school_id(self) -> int:
        return self.school.pk

    @cached_property
    def municipality(self) -> Organization:
        return self._organization_of("municipal", Role.MUNICIPAL_SPECIALIST)

    @property
    def municipality_id(self) -> int:
        return self.municipality.pk

    @cached_property
    def student(self) -> Student:
        """The `student` demo login's student record."""
        found = Student.objects.filter(school=self.school, person__user=self.user("student"))
        record = found.first()
        if record is None:
            raise BenchError("The demo login 'student' has no student record.")
        return record

    @cached_property
    def school_class(self) -> SchoolClass:
        """The class led by the `classteacher` demo login."""
        led = SchoolClass.objects.filter(
            school=self.school, class_teacher__person__user=self.user("classteacher")
        ).first()
        if led is None:
            raise BenchError("The demo login 'classteacher' leads no class.")
        return led
