"""Who sees which conversations, messages, announcements, events and notifications."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from parta.accounts.access import access_for
from parta.accounts.choices import SCHOOL_STAFF_ROLES, Role
from parta.core.validation import active_on
from parta.messaging.choices import AudienceScope
from parta.organizations.querysets import SchoolOwnedQuerySet

#: roles that count as "staff" in an audience
AUDIENCE_STAFF_ROLES = SCHOOL_STAFF_ROLES | {Role.TEACHER}


def _member_enrollments(user_id: int) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """Today's enrollments of the user as a student, and of the user's children."""
    from parta.people.models import Enrollment

    current = Enrollment.objects.filter(active_on())
    own = current.filter(student__person__user_id=user_id)
    children = current.filter(student__guardianships__guardian__user_id=user_id)
    return own, children


def _audience_of(enrollments: QuerySet[Any]) -> Q:
    """Rows addressed to the classes, grades or schools of `enrollments`."""
    same_grade = enrollments.filter(
        school_id=OuterRef("school_id"), school_class__grade=OuterRef("grade")
    )
    return (
        Q(scope=AudienceScope.SCHOOL, school_id__in=enrollments.values("school_id"))
        | (Q(scope=AudienceScope.GRADE) & Exists(same_grade))
        | Q(scope=AudienceScope.CLASS, school_class_id__in=enrollments.values("school_class_id"))
    )


def audience_q(user: Any, author_field: str) -> Q:
    """Announcements or events the user is in the audience of, wrote, or administers: the
    school administration sees all of its school; staff see those for staff of their school;
    students those for students of their class, grade or school; parents those for parents
    of their children's classes, grades and schools. Nobody sees another school's."""
    access = access_for(user)
    if access.is_superuser:
        return Q()
    uid = access.user_id
    if uid is None:
        return Q(pk__in=[])
    staff_schools = sorted(
        sid for sid, roles in access.school_roles.items() if roles & AUDIENCE_STAFF_ROLES
    )
    own, children = _member_enrollments(uid)
    return (
        Q(**{f"{author_field}_id": uid})
        | Q(school_id__in=access.admin_school_ids)
        | Q(for_staff=True, school_id__in=staff_schools)
        | (Q(for_students=True) & _audience_of(own))
        | (Q(for_parents=True) & _audience_of(children))
    )


class ThreadQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> ThreadQuerySet:
        """Only the participants read a conversation (not even the administration)."""
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        return self.filter(participants__user_id=access.user_id)


class MessageQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> MessageQuerySet:
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        return self.filter(thread__participants__user_id=access.user_id)


class AnnouncementQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> AnnouncementQuerySet:
        return self.filter(audience_q(user, "author"))


class EventQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> EventQuerySet:
        return self.filter(audience_q(user, "created_by"))


class NotificationQuerySet(SchoolOwnedQuerySet[Any]):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A user reads only their own notifications."""
        access = access_for(user)
        if access.user_id is None:
            return self.none()
        return self.filter(user_id=access.user_id)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)
