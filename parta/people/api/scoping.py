"""Which people rows an API reader gets, and a flag per row for the personal fields.

The rules themselves live in `people.rules` (shared with the pages); this module only turns
them into querysets and boolean annotations, so a list costs the same number of queries
whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from parta.people import rules
from parta.people.models import Guardianship, StaffMember, Student

#: The name of the annotation that gates personal fields in serializers.
PERSONAL = "api_personal"


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    # `Q()` (everything) has no SQL of its own: spell "true" as an always-true condition.
    return ExpressionWrapper(condition if condition else ~Q(pk=None), output_field=BooleanField())


def visible_students(user: Any) -> QuerySet[Student]:
    return Student.objects.visible_to(user)


def with_student_personal(qs: QuerySet[Student], user: Any) -> QuerySet[Student]:
    return qs.annotate(**{PERSONAL: _flag(rules.student_personal_q(user))})


def visible_staff(user: Any) -> QuerySet[StaffMember]:
    return StaffMember.objects.visible_to(user)


def with_staff_personal(qs: QuerySet[StaffMember], user: Any) -> QuerySet[StaffMember]:
    return qs.annotate(**{PERSONAL: _flag(rules.staff_personal_q(user))})


def visible_guardianships(user: Any) -> QuerySet[Guardianship]:
    return Guardianship.objects.visible_to(user)


def with_guardian_contacts(qs: QuerySet[Guardianship], user: Any) -> QuerySet[Guardianship]:
    return qs.annotate(**{PERSONAL: _flag(rules.guardian_contacts_q(user))})
