"""Guardianship: link a parent to a child, grant the parent role in the child's school."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.accounts.services.users import role_assign, role_revoke
from parta.core.context import Actor
from parta.core.services.records import record_create, record_delete
from parta.people.models import Guardianship, Person, Student


@transaction.atomic
def guardianship_create(
    *,
    actor: Actor,
    student: Student,
    guardian: Person,
    relation: str,
    is_legal_representative: bool = True,
) -> Guardianship:
    link = Guardianship(
        school_id=student.school_id,
        student=student,
        guardian=guardian,
        relation=relation,
        is_legal_representative=is_legal_representative,
    )
    record_create(actor=actor, instance=link)
    if guardian.user is not None:
        role_assign(
            actor=actor, user=guardian.user, organization_id=student.school_id, role=Role.PARENT
        )
    return link


@transaction.atomic
def guardian_register(
    *,
    actor: Actor,
    student: Student,
    person_fields: Mapping[str, Any],
    relation: str,
    is_legal_representative: bool = True,
) -> Guardianship:
    """A parent who is new to Парта: the person and the link, in one transaction."""
    guardian = record_create(actor=actor, instance=Person(**person_fields))
    return guardianship_create(
        actor=actor,
        student=student,
        guardian=guardian,
        relation=relation,
        is_legal_representative=is_legal_representative,
    )


@transaction.atomic
def guardianship_delete(*, actor: Actor, link: Guardianship) -> None:
    guardian, school_id = link.guardian, link.school_id
    record_delete(actor=actor, instance=link)
    still_parent = Guardianship.objects.filter(guardian=guardian, school_id=school_id).exists()
    if guardian.user is not None and not still_parent:
        role_revoke(actor=actor, user=guardian.user, organization_id=school_id, role=Role.PARENT)


def sync_person_roles(*, actor: Actor, person: Person) -> None:
    """After a login is attached to a person: grant student/parent roles their records imply."""
    user = person.user
    if user is None:
        return
    for school_id in person.student_records.values_list("school_id", flat=True):
        role_assign(actor=actor, user=user, organization_id=school_id, role=Role.STUDENT)
    for school_id in set(person.guardianships.values_list("school_id", flat=True)):
        role_assign(actor=actor, user=user, organization_id=school_id, role=Role.PARENT)


def parent_children(user: User) -> list[Student]:
    """The user's children across all schools, with their current school loaded."""
    return list(
        Student.objects.filter(guardianships__guardian__user=user)
        .select_related("person", "school")
        .order_by("person__last_name", "person__first_name")
        .distinct()
    )


__all__ = [
    "RoleAssignment",
    "guardian_register",
    "guardianship_create",
    "guardianship_delete",
    "parent_children",
    "sync_person_roles",
]
