"""Logins of the people of a school: create one (printed once with its temporary password),
reset the password, lock and unlock; and issue the logins of a whole class at once.

Who may: the school administration for anyone the school knows; the HR officer for staff only.
A login that also holds roles elsewhere is managed only by someone who administers every
organization where it has a role, so that no school can take over an account of another.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.accounts.access import UserAccess, access_for
from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.accounts.services.users import (
    roles_set,
    user_reset_password,
    user_set_locked,
    username_suggest,
)
from parta.core.context import Actor
from parta.people.models import Guardianship, Person, SchoolClass, Student
from parta.people.selectors import PersonLinks, class_roster_on
from parta.people.services.persons import person_attach_login


@dataclass(frozen=True)
class IssuedLogin:
    """One card of a credentials sheet. The password exists only in this object."""

    person: Person
    username: str
    password: str
    #: what the person is in the school: "student", "parent" or "staff"
    kind: str
    #: the class of a student, the children of a parent
    note: str = ""


def may_manage_login(access: UserAccess, school_id: int, links: PersonLinks) -> bool:
    """The school administration manages the logins of everyone the school knows; the HR
    officer those of staff members who are nothing else in the school."""
    if access.is_school_admin(school_id):
        return True
    return access.can_manage_staff(school_id) and links.is_staff_only


def _require_manageable(actor: Actor, school_id: int, links: PersonLinks) -> None:
    access = access_for(actor.user)
    if not may_manage_login(access, school_id, links):
        raise ValidationError(_("You may not manage this person's login."))
    user = links.person.user
    if user is None or access.is_superuser:
        return
    if user.is_superuser:
        raise ValidationError(
            _("This is a system administrator's login: only a system administrator manages it.")
        )
    held = RoleAssignment.objects.filter(user=user).select_related("organization")
    for assignment in held:
        org_id = assignment.organization_id
        if access.is_school_admin(org_id):
            continue
        if access.can_manage_staff(org_id) and assignment.role == Role.TEACHER:
            continue
        raise ValidationError(
            _(
                "This login also holds the role “%(role)s” in %(org)s: it can be managed only by "
                "an administrator of every organization where it has a role, or by the system "
                "administrator."
            )
            % {"role": Role(assignment.role).label, "org": assignment.organization.short_name}
        )


def _kind(links: PersonLinks) -> str:
    if links.student is not None:
        return "student"
    if links.children:
        return "parent"
    return "staff"


@transaction.atomic
def person_login_create(
    *,
    actor: Actor,
    school_id: int,
    links: PersonLinks,
    username: str = "",
    roles: Iterable[str] = (),
    grantable: Iterable[str] = (),
) -> IssuedLogin:
    """A login for a person who has none: the given login name (or a suggested one), a
    temporary password to change at the first login, the student and parent roles the
    person's records imply, and the staff `roles` (among `grantable`) in this school."""
    person = links.person
    _require_manageable(actor, school_id, links)
    if person.user_id is not None:
        raise ValidationError(
            _("%(name)s already has a login: reset the password instead.")
            % {"name": person.full_name}
        )
    wanted = set(roles)
    if wanted and links.staff is None:
        raise ValidationError({"roles": _("Staff roles are given to staff members only.")})
    login = username.strip() or username_suggest(
        person.last_name, person.first_name, person.patronymic
    )
    user, password = person_attach_login(
        actor=actor, person=person, username=login, school_id=school_id
    )
    if links.staff is not None:
        roles_set(
            actor=actor, user=user, organization_id=school_id, roles=wanted, grantable=grantable
        )
    return IssuedLogin(person=person, username=user.username, password=password, kind=_kind(links))


@transaction.atomic
def person_login_reset(*, actor: Actor, school_id: int, links: PersonLinks) -> IssuedLogin:
    """A new temporary password, to be changed at the next login."""
    user = _existing_user(links)
    _require_manageable(actor, school_id, links)
    password = user_reset_password(actor=actor, user=user, school_id=school_id)
    return IssuedLogin(
        person=links.person, username=user.username, password=password, kind=_kind(links)
    )


@transaction.atomic
def person_login_set_locked(
    *, actor: Actor, school_id: int, links: PersonLinks, locked: bool
) -> User:
    user = _existing_user(links)
    _require_manageable(actor, school_id, links)
    return user_set_locked(actor=actor, user=user, locked=locked, school_id=school_id)


def _existing_user(links: PersonLinks) -> User:
    user = links.person.user
    if user is None:
        raise ValidationError(
            _("%(name)s has no login yet: create one first.") % {"name": links.person.full_name}
        )
    return user


@transaction.atomic
def class_logins_create(
    *,
    actor: Actor,
    school_class: SchoolClass,
    day: datetime.date,
    students: bool,
    parents: bool,
) -> list[IssuedLogin]:
    """Logins for the students of the class on `day` and/or their parents who have none yet,
    in alphabetical order of the students (each parent once). Audited like single logins."""
    if not (students or parents):
        raise ValidationError(_("Choose students, parents or both."))
    access = access_for(actor.user)
    if not access.is_school_admin(school_class.school_id):
        raise ValidationError(_("You may not manage the logins of this class."))
    roster = [row.enrollment.student for row in class_roster_on(school_class, day).current]
    issued: list[IssuedLogin] = []
    if students:
        for student in roster:
            person = student.person
            if person.user_id is not None:
                continue
            user, password = person_attach_login(
                actor=actor,
                person=person,
                username=username_suggest(person.last_name, person.first_name, person.patronymic),
                school_id=school_class.school_id,
            )
            issued.append(
                IssuedLogin(
                    person=person,
                    username=user.username,
                    password=password,
                    kind="student",
                    note=school_class.name,
                )
            )
    if parents:
        links = (
            Guardianship.objects.filter(student__in=roster)
            .select_related("guardian", "student__person")
            .order_by("student__person__last_name", "student__person__first_name")
        )
        children: dict[int, list[Student]] = {}
        guardians: dict[int, Person] = {}
        for link in links:
            guardians.setdefault(link.guardian_id, link.guardian)
            children.setdefault(link.guardian_id, []).append(link.student)
        for guardian_id, guardian in guardians.items():
            if guardian.user_id is not None:
                continue
            user, password = person_attach_login(
                actor=actor,
                person=guardian,
                username=username_suggest(
                    guardian.last_name, guardian.first_name, guardian.patronymic
                ),
                school_id=school_class.school_id,
            )
            issued.append(
                IssuedLogin(
                    person=guardian,
                    username=user.username,
                    password=password,
                    kind="parent",
                    note=", ".join(child.person.short_name for child in children[guardian_id]),
                )
            )
    return issued
