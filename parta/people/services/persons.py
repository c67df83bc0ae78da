"""People: register students and staff (with their Person), attach logins."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from parta.accounts.choices import Role
from parta.accounts.models import User
from parta.accounts.services.users import role_assign, user_create
from parta.core.context import Actor
from parta.core.services.records import record_create
from parta.people.models import Person, Position, SchoolClass, StaffMember, Student
from parta.people.services.enrollment import enrollment_open
from parta.people.services.guardians import sync_person_roles


@transaction.atomic
def person_create(*, actor: Actor, **fields: object) -> Person:
    return record_create(actor=actor, instance=Person(**fields))


@transaction.atomic
def student_create(
    *,
    actor: Actor,
    school_id: int,
    person: Person,
    personal_file_number: str = "",
    admission_date: datetime.date | None = None,
    school_class: SchoolClass | None = None,
) -> Student:
    """Register a student of a school, and enroll them in a class from the admission date."""
    student = record_create(
        actor=actor,
        instance=Student(
            school_id=school_id,
            person=person,
            personal_file_number=personal_file_number,
            admission_date=admission_date,
        ),
    )
    if school_class is not None:
        start = admission_date or school_class.academic_year.start_date
        enrollment_open(actor=actor, student=student, school_class=school_class, start_date=start)
    if person.user is not None:
        role_assign(actor=actor, user=person.user, organization_id=school_id, role=Role.STUDENT)
    return student


@transaction.atomic
def staff_member_create(
    *,
    actor: Actor,
    school_id: int,
    person: Person,
    positions: Iterable[Position] = (),
    hire_date: datetime.date | None = None,
    roles: Iterable[str] = (Role.TEACHER,),
) -> StaffMember:
    member = record_create(
        actor=actor,
        instance=StaffMember(school_id=school_id, person=person, hire_date=hire_date),
        m2m={"positions": list(positions)},
    )
    if person.user is not None:
        for role in roles:
            role_assign(actor=actor, user=person.user, organization_id=school_id, role=role)
    return member


@transaction.atomic
def person_attach_login(
    *, actor: Actor, person: Person, username: str, school_id: int | None = None
) -> tuple[User, str]:
    """Create a login for a person (must change the password at first login) and grant the
    student/parent roles their records imply. Returns the user and the initial password."""
    user, password = user_create(actor=actor, username=username, school_id=school_id)
    person.user = user
    person.save(update_fields=["user"])
    sync_person_roles(actor=actor, person=person)
    return user, password
