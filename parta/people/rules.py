"""Who reaches which people: each rule is a `Q` condition (so lists filter and annotate in SQL,
with a constant number of queries) and a predicate built on the same condition, so a page, a
list and the API can never disagree.

Rows (names in registries) follow `visible_to(user)` in `people.querysets`. Personal data —
birth date, sex, СНИЛС, contacts, the personal card — follows least privilege (152-ФЗ):

* a student's: the school administration (director, deputy director, secretary), the class
  teacher of the student's current class, the student's own parents, the student themself;
* a staff member's: the administration and the HR officer of the school, the person themself;
* a parent's contacts (on a guardianship link): the administration, the class teacher of the
  child, the parent themself.

HR officers and municipal specialists read the registries of the whole school, but not the
personal data of students.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parta.accounts.access import access_for
from parta.core.validation import active_on
from parta.people.models import Enrollment, Guardianship, StaffMember, Student


def related_students_q(user_id: int, student_field: str = "pk") -> Q:
    """Students the user is related to: themself, their children, today's class they lead.

    Written as `IN (subquery)` terms, which the database evaluates once per query (on
    PostgreSQL a hashed subplan over indexed lookups) rather than once per student row.
    """
    own = Student.objects.filter(person__user_id=user_id).values("pk")
    children = Guardianship.objects.filter(guardian__user_id=user_id).values("student_id")
    key = f"{student_field}__in"
    return Q(**{key: own}) | Q(**{key: children}) | Q(**{key: led_students(user_id)})


def led_students(user_id: int) -> QuerySet[Enrollment, dict[str, Any]]:
    """Ids of the students in the classes the user leads today (as a subquery)."""
    return Enrollment.objects.filter(
        active_on(), school_class__class_teacher__person__user_id=user_id
    ).values("student_id")


def student_rows_q(user: Any) -> Q:
    """Students whose row (name, class) the user reads: whole schools for staff and municipal
    readers, a class teacher's current class, a parent's children, a student themself."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    uid = access.user_id
    if uid is None:
        return Q(pk__in=[])
    return Q(school_id__in=access.whole_school_ids) | related_students_q(uid)


def student_personal_q(user: Any) -> Q:
    """Students whose personal data (and personal card) the user reads."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    uid = access.user_id
    if uid is None:
        return Q(pk__in=[])
    condition = related_students_q(uid)
    if access.admin_school_ids:
        condition |= Q(school_id__in=access.admin_school_ids)
    return condition


def staff_personal_q(user: Any) -> Q:
    """Staff members whose personal data (and card) the user reads."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    if access.user_id is None:
        return Q(pk__in=[])
    condition = Q(person__user_id=access.user_id)
    if access.staff_admin_school_ids:
        condition |= Q(school_id__in=access.staff_admin_school_ids)
    return condition


def guardian_contacts_q(user: Any) -> Q:
    """Guardianship links whose parent contacts the user reads."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    uid = access.user_id
    if uid is None:
        return Q(pk__in=[])
    condition = Q(guardian__user_id=uid) | Q(student_id__in=led_students(uid))
    if access.admin_school_ids:
        condition |= Q(school_id__in=access.admin_school_ids)
    return condition


def can_view_student(user: Any, student: Student) -> bool:
    return Student.objects.filter(pk=student.pk).filter(student_rows_q(user)).exists()


def can_read_student_personal(user: Any, student: Student) -> bool:
    return Student.objects.filter(pk=student.pk).filter(student_personal_q(user)).exists()


def can_read_staff_personal(user: Any, member: StaffMember) -> bool:
    return StaffMember.objects.filter(pk=member.pk).filter(staff_personal_q(user)).exists()
