"""Reads of a user's own notifications: the list (paginated by the caller) and the choices for
the settings page. Each a fixed number of queries. (The bell's number is kept on the user row,
see `messaging.notify.counts`.)"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from parta.messaging.choices import NotificationKind
from parta.messaging.models import Notification, NotificationSettings
from parta.messaging.notify.preferences import Choice, UserChoices, choices_of


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first, without the kinds they turned off in Parta
    (those exist only for their e-mail). One query for the choices; the list is lazy."""
    queryset = Notification.objects.visible_to(user)
    if getattr(user, "pk", None) is None:
        return queryset
    off = [kind for kind, choice in choices_of(user.pk).overrides.items() if not choice.in_app]
    if off:
        queryset = queryset.exclude(kind__in=off)
    if unread_only:
        queryset = queryset.unread()
    return queryset.order_by("-created_at", "-pk")


def notification_choices(user: Any) -> tuple[dict[str, Choice], NotificationSettings]:
    """kind → the user's choice (stored or default) for every kind, and their general settings
    (unsaved defaults when none): three queries."""
    choices: UserChoices = choices_of(user.pk)
    per_kind = {kind: choices.choice(kind) for kind in NotificationKind.values}
    settings = NotificationSettings.objects.filter(user_id=user.pk).first()
    if settings is None:
        settings = NotificationSettings(user_id=user.pk)
    return per_kind, settings
