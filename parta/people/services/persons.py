"""People: register students and staff (with their Person), attach logins."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.accounts.choices import Role
from parta.accounts.models import User
from parta.accounts.services.users import role_assign, roles_set, user_create, username_suggest
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.core.services.records import record_create, record_update
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
    """Register a student of a school, and enroll them in a class from the admission date (or
    from the first day of the class's year, when they were admitted earlier)."""
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
        year_start = school_class.academic_year.start_date
        start = max(admission_date, year_start) if admission_date else year_start
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


@transaction.atomic
def person_update(*, actor: Actor, person: Person, data: Mapping[str, object]) -> Person:
    return record_update(actor=actor, instance=person, data=dict(data))


@transaction.atomic
def student_register(
    *,
    actor: Actor,
    school_id: int,
    person_fields: Mapping[str, Any],
    personal_file_number: str = "",
    admission_date: datetime.date | None = None,
    school_class: SchoolClass | None = None,
) -> Student:
    """A new student from scratch: the person, the student record and, when a class is given,
    the enrollment, in one transaction (nothing is kept when any part is invalid)."""
    if school_class is not None and school_class.school_id != school_id:
        raise ValidationError(
            {"school_class": _("The selected object belongs to another organization.")}
        )
    person = person_create(actor=actor, **person_fields)
    return student_create(
        actor=actor,
        school_id=school_id,
        person=person,
        personal_file_number=personal_file_number,
        admission_date=admission_date,
        school_class=school_class,
    )


@transaction.atomic
def student_update(
    *,
    actor: Actor,
    student: Student,
    person_data: Mapping[str, object],
    student_data: Mapping[str, object],
) -> Student:
    """Edit a student's person and student record together (both audited)."""
    if person_data:
        person_update(actor=actor, person=student.person, data=person_data)
    if student_data:
        record_update(actor=actor, instance=student, data=dict(student_data))
    return student


def _check_roles(roles: set[str], grantable: Iterable[str]) -> None:
    forbidden = roles - set(grantable)
    if forbidden:
        raise ValidationError(
            {
                "roles": _("You may not grant these roles: %(roles)s.")
                % {"roles": ", ".join(sorted(str(Role(role).label) for role in forbidden))}
            }
        )


@transaction.atomic
def staff_member_register(
    *,
    actor: Actor,
    school_id: int,
    person_fields: Mapping[str, Any],
    positions: Iterable[Position] = (),
    hire_date: datetime.date | None = None,
    roles: Iterable[str] = (),
    grantable: Iterable[str] = (),
    create_login: bool = False,
    username: str = "",
) -> tuple[StaffMember, str | None]:
    """A new staff member from scratch: the person, the staff record and, when asked, a login
    with the given roles in the school. Returns the member and the initial password (None
    without a login). Roles outside `grantable` are refused before anything is written."""
    wanted = set(roles)
    _check_roles(wanted, grantable)
    if wanted and not create_login:
        raise ValidationError(
            {"roles": _("Roles belong to a login: tick “Create a login” or clear the roles.")}
        )
    person = person_create(actor=actor, **person_fields)
    member = staff_member_create(
        actor=actor,
        school_id=school_id,
        person=person,
        positions=positions,
        hire_date=hire_date,
        roles=(),
    )
    password = None
    if create_login:
        login = username.strip() or username_suggest(
            person.last_name, person.first_name, person.patronymic
        )
        user, password = person_attach_login(
            actor=actor, person=person, username=login, school_id=school_id
        )
        roles_set(
            actor=actor, user=user, organization_id=school_id, roles=wanted, grantable=grantable
        )
    return member, password


@transaction.atomic
def staff_member_update(
    *,
    actor: Actor,
    member: StaffMember,
    person_data: Mapping[str, object],
    member_data: Mapping[str, object],
    positions: Iterable[Position] | None = None,
    roles: Iterable[str] | None = None,
    grantable: Iterable[str] = (),
) -> StaffMember:
    """Edit a staff member: person, dates, positions and (when the person has a login) the
    roles in the school among those the actor may grant."""
    if roles is not None:
        _check_roles(set(roles), grantable)
    if person_data:
        person_update(actor=actor, person=member.person, data=person_data)
    m2m = {"positions": list(positions)} if positions is not None else None
    if member_data or m2m:
        record_update(actor=actor, instance=member, data=dict(member_data), m2m=m2m)
    if roles is not None:
        user = member.person.user
        if user is None:
            if set(roles):
                raise ValidationError(
                    {"roles": _("Roles belong to a login: create a login for the person first.")}
                )
        else:
            roles_set(
                actor=actor,
                user=user,
                organization_id=member.school_id,
                roles=roles,
                grantable=grantable,
            )
    return member


def student_card_view(*, actor: Actor, student: Student) -> None:
    """Reading a student's personal card is logged (who, when, from where)."""
    audit_record(
        actor=actor, action=AuditEvent.Action.VIEW, instance=student, school_id=student.school_id
    )


def staff_card_view(*, actor: Actor, member: StaffMember) -> None:
    """Reading a staff member's personal card is logged as well."""
    audit_record(
        actor=actor, action=AuditEvent.Action.VIEW, instance=member, school_id=member.school_id
    )
