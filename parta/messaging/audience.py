"""Pure helpers about the audience of an announcement or an event (`AudienceFields`): its
description in words, the scope choices of a form, and the users in it.

`audience_users(item)` is what the notifications call to tell the audience: the same people
`messaging.querysets.audience_q` lets see the item as its audience.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, pgettext

from parta.core.validation import active_on
from parta.messaging.choices import AudienceScope
from parta.messaging.querysets import AUDIENCE_STAFF_ROLES


def _people(item: Any) -> list[str]:
    people: list[str] = []
    if item.for_staff:
        people.append(gettext("staff"))
    if item.for_students:
        people.append(pgettext("audience", "students"))
    if item.for_parents:
        people.append(gettext("parents"))
    return people


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return gettext("%(first)s and %(last)s") % {
        "first": ", ".join(words[:-1]),
        "last": words[-1],
    }


def describe_scope(item: Any) -> str:
    """«the whole school», «grade 5», «class 5А» (the class must be loaded, e.g. with
    `select_related("school_class")`)."""
    if item.scope == AudienceScope.GRADE:
        return pgettext("audience", "grade %(grade)s") % {"grade": item.grade}
    if item.scope == AudienceScope.CLASS:
        return gettext("class %(class)s") % {"class": item.school_class}
    return gettext("the whole school")


def describe_audience(item: Any) -> str:
    """Who the item is for, in words: «Students and parents: class 5А», «Staff: the whole
    school»."""
    people = _join(_people(item))
    return gettext("%(people)s: %(scope)s") % {
        "people": people[:1].upper() + people[1:],
        "scope": describe_scope(item),
    }


def scope_choices(*, whole_school: bool) -> list[tuple[str, str]]:
    """The scope choices of a form: all three for the administration (`whole_school`), only
    «a class» for a teacher."""
    if whole_school:
        return [(str(value), str(label)) for value, label in AudienceScope.choices]
    return [(str(AudienceScope.CLASS.value), str(AudienceScope.CLASS.label))]


def _enrollments_in_scope(item: Any) -> QuerySet[Any]:
    """Today's enrollments within the item's scope (its school, grade or class)."""
    from parta.people.models import Enrollment

    enrollments = Enrollment.objects.filter(active_on(), school_id=item.school_id)
    if item.scope == AudienceScope.GRADE:
        return enrollments.filter(school_class__grade=item.grade)
    if item.scope == AudienceScope.CLASS:
        return enrollments.filter(school_class_id=item.school_class_id)
    return enrollments


def audience_users(item: Any) -> QuerySet[Any]:
    """The active `accounts.User`s an announcement or event (anything with `AudienceFields`
    and `school_id`) is addressed to, as ONE lazy queryset (no query until evaluated):

    * staff (`for_staff`): everyone holding a staff role in the item's school (administration,
      HR, teachers) — the scope narrows students and parents only, as in `audience_q`;
    * students (`for_students`): the accounts of the students enrolled today in the scope
      (the whole school, the grade's classes, the class);
    * parents (`for_parents`): the accounts of those students' parents (guardians).

    The author is included if they are in the audience (callers that should not tell the
    author exclude them); the publication window is not looked at (callers decide when to
    tell). Distinct users, ordered by id."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    enrollments = _enrollments_in_scope(item)
    condition = Q(pk__in=[])
    if item.for_staff:
        condition |= Q(
            pk__in=user_model.objects.filter(
                role_assignments__organization_id=item.school_id,
                role_assignments__role__in=AUDIENCE_STAFF_ROLES,
            ).values("pk")
        )
    if item.for_students:
        condition |= Q(person__student_records__enrollments__in=enrollments.values("pk"))
    if item.for_parents:
        condition |= Q(person__guardianships__student__enrollments__in=enrollments.values("pk"))
    return user_model.objects.filter(
        pk__in=user_model.objects.filter(condition).values("pk"), is_active=True
    ).order_by("pk")
