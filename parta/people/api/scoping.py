"""Who reads which people rows through the API, and who reads their personal data.

Rows follow the `visible_to(user)` filters of `people.querysets`. Personal data (birth date,
sex, СНИЛС, contacts; a student's file number and dates) follows least privilege (152-ФЗ):

* a student's — the school administration (director, deputy director, secretary), the class
  teacher of the student's current class, the student's own parents, the student themself;
* a staff member's — the administration and the HR officer of the school, the person themself;
* a parent's contacts (on a guardianship link) — the administration, the class teacher of the
  child, the parent themself.

HR officers and municipal specialists read the whole school's registries but not students'
personal data. Each rule is a boolean annotation (`api_personal`), so a list costs the same
number of queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value

from parta.accounts.access import access_for
from parta.api.filters import active_on
from parta.api.scoping import admin_school_ids, staff_admin_school_ids
from parta.people.models import Enrollment, Guardianship, StaffMember, Student

#: The name of the annotation that gates personal fields in serializers.
PERSONAL = "api_personal"


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _leads_class_of(user_id: int, student_ref: str) -> Exists:
    """The user is the class teacher of the student's class today."""
    return Exists(
        Enrollment.objects.filter(
            active_on(""),
            student_id=OuterRef(student_ref),
            school_class__class_teacher__person__user_id=user_id,
        )
    )


def visible_students(user: Any) -> QuerySet[Student]:
    if access_for(user).is_superuser:
        return Student.objects.all()
    return Student.objects.filter(pk__in=Student.objects.visible_to(user).values("pk"))


def with_student_personal(qs: QuerySet[Student], user: Any) -> QuerySet[Student]:
    access = access_for(user)
    if access.is_superuser:
        return qs.annotate(**{PERSONAL: Value(True, output_field=BooleanField())})
    uid = access.user_id
    assert uid is not None
    condition = (
        Q(person__user_id=uid)
        | Q(Exists(Guardianship.objects.filter(student_id=OuterRef("pk"), guardian__user_id=uid)))
        | Q(_leads_class_of(uid, "pk"))
    )
    admin_ids = admin_school_ids(user)
    if admin_ids:
        condition |= Q(school_id__in=admin_ids)
    return qs.annotate(**{PERSONAL: _flag(condition)})


def visible_staff(user: Any) -> QuerySet[StaffMember]:
    return StaffMember.objects.visible_to(user)


def with_staff_personal(qs: QuerySet[StaffMember], user: Any) -> QuerySet[StaffMember]:
    access = access_for(user)
    if access.is_superuser:
        return qs.annotate(**{PERSONAL: Value(True, output_field=BooleanField())})
    condition = Q(person__user_id=access.user_id)
    hr_ids = staff_admin_school_ids(user)
    if hr_ids:
        condition |= Q(school_id__in=hr_ids)
    return qs.annotate(**{PERSONAL: _flag(condition)})


def visible_guardianships(user: Any) -> QuerySet[Guardianship]:
    if access_for(user).is_superuser:
        return Guardianship.objects.all()
    return Guardianship.objects.filter(pk__in=Guardianship.objects.visible_to(user).values("pk"))


def with_guardian_contacts(qs: QuerySet[Guardianship], user: Any) -> QuerySet[Guardianship]:
    access = access_for(user)
    if access.is_superuser:
        return qs.annotate(**{PERSONAL: Value(True, output_field=BooleanField())})
    uid = access.user_id
    assert uid is not None
    condition = Q(guardian__user_id=uid) | Q(_leads_class_of(uid, "student_id"))
    admin_ids = admin_school_ids(user)
    if admin_ids:
        condition |= Q(school_id__in=admin_ids)
    return qs.annotate(**{PERSONAL: _flag(condition)})
