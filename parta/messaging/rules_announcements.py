"""Who may publish and change announcements and events.

* The school administration (director, deputy director, secretary; the system administrator)
  publishes to any audience of its school.
* A teacher publishes to the classes of the current year they lead (class teacher) or teach
  (a line of their teaching load for the class or one of its study groups): scope «a class»,
  students and/or parents; a staff audience only the administration addresses.
* Nobody else publishes.

Changing and deleting: the administration of the school; the author while they may still
publish to the item's audience. `changeable_q` is the queryset twin of `may_change`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.messaging.choices import AudienceScope


def _current_classes(school: Any) -> QuerySet[Any]:
    from parta.people.models import SchoolClass
    from parta.people.selectors import current_year

    year = current_year(school)
    if year is None:
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(school_id=school.pk, academic_year_id=year.pk)


def publishable_classes(user: Any, school: Any) -> QuerySet[Any]:
    """The classes of the current year the user may address: all for the administration,
    those led or taught for a teacher, none otherwise."""
    from parta.curriculum.models import TeachingAssignment

    access = access_for(user)
    classes = _current_classes(school)
    if access.is_school_admin(school.pk):
        return classes
    if access.user_id is None or not access.has_role(school.pk, Role.TEACHER):
        return classes.none()
    load = TeachingAssignment.objects.filter(
        school_id=school.pk, teacher__person__user_id=access.user_id
    )
    return classes.filter(
        Q(class_teacher__person__user_id=access.user_id)
        | Q(pk__in=load.values("school_class_id"))
        | Q(pk__in=load.values("study_group__school_class_id"))
    )


def publishes_to_whole_school(user: Any, school: Any) -> bool:
    """Any scope and a staff audience: the administration."""
    return access_for(user).is_school_admin(school.pk)


def may_publish(user: Any, school: Any) -> bool:
    """May open the form at all: the administration, or a teacher with a class to address."""
    if publishes_to_whole_school(user, school):
        return True
    return publishable_classes(user, school).exists()


def may_publish_to(
    user: Any,
    school: Any,
    *,
    scope: str,
    school_class_id: int | None,
    for_staff: bool,
) -> bool:
    """May address this audience (the class is assumed to be of the school)."""
    if publishes_to_whole_school(user, school):
        return True
    if scope != AudienceScope.CLASS or for_staff or school_class_id is None:
        return False
    return publishable_classes(user, school).filter(pk=school_class_id).exists()


def may_change(user: Any, item: Any, author_field: str = "author") -> bool:
    """May edit or delete this announcement (`author_field="author"`) or event
    (`"created_by"`). Twin of `changeable_q`."""
    access = access_for(user)
    school = item.school
    if access.is_school_admin(school.pk):
        return True
    if access.user_id is None or getattr(item, f"{author_field}_id") != access.user_id:
        return False
    return may_publish_to(
        user,
        school,
        scope=item.scope,
        school_class_id=item.school_class_id,
        for_staff=item.for_staff,
    )


def changeable_q(user: Any, school: Any, author_field: str = "author") -> Q:
    """The rows of `school` the user may change (twin of `may_change`)."""
    access = access_for(user)
    if access.is_school_admin(school.pk):
        return Q()
    if access.user_id is None:
        return Q(pk__in=[])
    return Q(
        **{f"{author_field}_id": access.user_id},
        scope=AudienceScope.CLASS,
        for_staff=False,
        school_class_id__in=publishable_classes(user, school).values("pk"),
    )
