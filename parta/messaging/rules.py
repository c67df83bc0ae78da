"""Who may write a message to whom (messages between people, inside one school).

`allowed_recipients_q(user, school)` is a `Q` over `accounts.User` built from `IN (subquery)`
terms, so the address book, the compose form's check and the API all filter in SQL with a
constant number of queries; `may_write_to` is the predicate built on the same condition.

Within the school of the thread (and never outside it):

* the administration (director, deputy director, secretary, system administrator; a
  superuser) writes to anybody who holds a role in the school: staff, students, parents;
* staff (teachers, the HR officer) write to their colleagues — everyone with a staff role in
  the school — and a teacher also to the students they teach (teaching load of a class or a
  study group the student is in today) or lead (class teacher), and to those students' parents;
* a parent writes to the teachers of their children (teaching load of the child's current
  class or study groups; a substitute is not included), to the children's class teacher and to
  the administration (director, deputy director, secretary);
* a student writes to their teachers, their class teacher and the administration.

A recipient must hold a role in the school (the role is what opens the school, and so the
conversation, to them); a person with roles in two schools is reached in each school only
through that school's rules. Nobody writes to themself. Every participant of a thread may reply
in it (`may_reply`), whoever else has joined or left the school since.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parta.accounts.access import access_for
from parta.accounts.choices import SCHOOL_STAFF_ROLES, Role
from parta.core.validation import active_on

#: Roles a parent or a student writes to as "the administration".
ADMINISTRATION_ROLES = frozenset({Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.SECRETARY})
#: Roles whose holders are colleagues of each other.
COLLEAGUE_ROLES = SCHOOL_STAFF_ROLES | {Role.TEACHER}
#: Roles that make a person a member of a school who may receive messages there.
MEMBER_ROLES = COLLEAGUE_ROLES | {Role.STUDENT, Role.PARENT}

_NOBODY = Q(pk__in=[])


def _school_id(school: Any) -> int:
    return int(school if isinstance(school, int) else school.pk)


def role_holders(school_id: int, roles: frozenset[str]) -> QuerySet[Any, Any]:
    """Ids of the users holding any of `roles` in the school (a subquery)."""
    from parta.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(organization_id=school_id, role__in=roles).values(
        "user_id"
    )


def own_students(user_id: int, school_id: int) -> QuerySet[Any, Any]:
    """Ids of the school's student records of the user themself and of their children."""
    from parta.people.models import Student

    return Student.objects.filter(
        Q(person__user_id=user_id) | Q(guardianships__guardian__user_id=user_id),
        school_id=school_id,
    ).values("pk")


def current_classes(students: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """Ids of the classes `students` are enrolled in today."""
    from parta.people.models import Enrollment

    return Enrollment.objects.filter(active_on(), student_id__in=students).values("school_class_id")


def current_groups(students: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    """Ids of the study groups `students` are members of today."""
    from parta.people.models import StudyGroupMembership

    return StudyGroupMembership.objects.filter(active_on(), student_id__in=students).values(
        "group_id"
    )


def teaching_of(user_id: int, school_id: int) -> QuerySet[Any, Any]:
    """The user's teaching load in the school (every year; today's enrollments and
    memberships pick the current one)."""
    from parta.curriculum.models import TeachingAssignment

    return TeachingAssignment.objects.filter(school_id=school_id, teacher__person__user_id=user_id)


def taught_students(user_id: int, school_id: int) -> QuerySet[Any, Any]:
    """Ids of the students the user teaches or leads today in the school."""
    from parta.people.models import Enrollment, Student, StudyGroupMembership

    load = teaching_of(user_id, school_id)
    in_classes = Enrollment.objects.filter(
        Q(school_class_id__in=load.filter(school_class__isnull=False).values("school_class_id"))
        | Q(school_class__class_teacher__person__user_id=user_id),
        active_on(),
        school_id=school_id,
    ).values("student_id")
    in_groups = StudyGroupMembership.objects.filter(
        active_on(),
        school_id=school_id,
        group_id__in=load.filter(study_group__isnull=False).values("study_group_id"),
    ).values("student_id")
    return Student.objects.filter(Q(pk__in=in_classes) | Q(pk__in=in_groups)).values("pk")


def teachers_of(students: QuerySet[Any, Any], school_id: int) -> QuerySet[Any, Any]:
    """Ids of the users who teach `students` today (by teaching load, not substitutions)."""
    from parta.curriculum.models import TeachingAssignment

    return TeachingAssignment.objects.filter(
        Q(school_class_id__in=current_classes(students))
        | Q(study_group_id__in=current_groups(students)),
        school_id=school_id,
        teacher__person__user__isnull=False,
    ).values("teacher__person__user_id")


def class_teachers_of(students: QuerySet[Any, Any], school_id: int) -> QuerySet[Any, Any]:
    """Ids of the users leading the classes `students` are in today."""
    from parta.people.models import SchoolClass

    return SchoolClass.objects.filter(
        school_id=school_id,
        pk__in=current_classes(students),
        class_teacher__person__user__isnull=False,
    ).values("class_teacher__person__user_id")


def students_users(students: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    from parta.people.models import Student

    return Student.objects.filter(pk__in=students, person__user__isnull=False).values(
        "person__user_id"
    )


def parents_users(students: QuerySet[Any, Any]) -> QuerySet[Any, Any]:
    from parta.people.models import Guardianship

    return Guardianship.objects.filter(
        student_id__in=students, guardian__user__isnull=False
    ).values("guardian__user_id")


def allowed_recipients_q(user: Any, school: Any) -> Q:
    """The users `user` may start a conversation with in `school` (a `Q` over `User`)."""
    access = access_for(user)
    uid = access.user_id
    if uid is None:
        return _NOBODY
    school_id = _school_id(school)
    members = Q(pk__in=role_holders(school_id, MEMBER_ROLES), is_active=True) & ~Q(pk=uid)
    if access.is_school_admin(school_id):
        return members
    roles = access.roles_in(school_id)
    terms: list[Q] = []
    if roles & COLLEAGUE_ROLES:
        terms.append(Q(pk__in=role_holders(school_id, COLLEAGUE_ROLES)))
    if Role.TEACHER in roles:
        taught = taught_students(uid, school_id)
        terms += [Q(pk__in=students_users(taught)), Q(pk__in=parents_users(taught))]
    if roles & {Role.PARENT, Role.STUDENT}:
        mine = own_students(uid, school_id)
        terms += [
            Q(pk__in=teachers_of(mine, school_id)),
            Q(pk__in=class_teachers_of(mine, school_id)),
            Q(pk__in=role_holders(school_id, ADMINISTRATION_ROLES)),
        ]
    if not terms:
        return _NOBODY
    allowed = terms[0]
    for term in terms[1:]:
        allowed |= term
    return members & allowed


def may_write_to(user: Any, school: Any, recipient: Any) -> bool:
    """May `user` start a conversation with `recipient` in `school`?"""
    from parta.accounts.models import User

    recipient_id = recipient if isinstance(recipient, int) else recipient.pk
    return User.objects.filter(pk=recipient_id).filter(allowed_recipients_q(user, school)).exists()


def may_write_in(user: Any, school: Any) -> bool:
    """Does the user take part in the school's messages at all (a role in the school or a
    superuser)? Municipal readers do not."""
    access = access_for(user)
    school_id = _school_id(school)
    return access.is_school_admin(school_id) or bool(access.roles_in(school_id) & MEMBER_ROLES)


def is_administration(user: Any, school: Any) -> bool:
    return access_for(user).is_school_admin(_school_id(school))


def may_reply(user: Any, thread: Any) -> bool:
    """Every participant of a thread may reply in it."""
    from parta.messaging.models import ThreadParticipant

    uid = access_for(user).user_id
    if uid is None:
        return False
    return ThreadParticipant.objects.filter(thread_id=thread.pk, user_id=uid).exists()
