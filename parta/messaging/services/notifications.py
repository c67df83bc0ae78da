"""A user's own notifications: open one (read), mark all read, and change how they want to be
told. Each write is validated first, done in one transaction and audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.messaging.choices import NotificationKind
from parta.messaging.models import Notification, NotificationPreference, NotificationSettings
from parta.messaging.notify.counts import refresh_unread
from parta.messaging.notify.preferences import DEFAULTS, Choice

#: the threshold a user may choose: "tell me about marks below N"
MARK_BELOW_MIN, MARK_BELOW_MAX = 2, 11


def _user_of(actor: Actor) -> Any:
    user = actor.user
    if user is None or not user.is_authenticated:
        raise ValidationError(_("Log in to change your notifications."), code="forbidden")
    return user


def _require_own(actor: Actor, notification: Notification) -> Any:
    user = _user_of(actor)
    if notification.user_id != user.pk:
        raise ValidationError(_("This is not your notification."), code="forbidden")
    return user


@transaction.atomic
def notification_read(*, actor: Actor, notification: Notification) -> Notification:
    """Mark the user's notification read (once; reading it again changes nothing)."""
    _require_own(actor, notification)
    now = timezone.now()
    if not Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=now
    ):
        notification.refresh_from_db(fields=["read_at"])
        return notification
    notification.read_at = now
    refresh_unread([notification.user_id])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=notification,
        before={"read_at": None},
        after={"read_at": now.isoformat()},
    )
    return notification


@transaction.atomic
def notifications_read_all(*, actor: Actor) -> int:
    """Mark every unread notification of the user read; how many were unread."""
    user = _user_of(actor)
    now = timezone.now()
    count = Notification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=now)
    if count:
        refresh_unread([user.pk])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            object_type=Notification._meta.label_lower,
            object_repr=_("all notifications read"),
            after={"read_at": now.isoformat(), "count": count},
        )
    return count


@transaction.atomic
def notification_preferences_update(
    *,
    actor: Actor,
    choices: Mapping[str, Choice],
    daily_digest: bool,
    mark_below: int | None,
) -> NotificationSettings:
    """Store the user's choice per kind (`choices`: kind → in Parta / by e-mail; kinds left
    out keep their stored choice), the daily digest and the mark threshold. A choice equal to
    the default is stored too (the defaults may change; the user's word does not)."""
    user = _user_of(actor)
    unknown = sorted(set(choices) - set(NotificationKind.values))
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            code="kind",
        )
    if mark_below is not None and not MARK_BELOW_MIN <= mark_below <= MARK_BELOW_MAX:
        raise ValidationError(
            {
                "mark_below": _("Choose a number from %(min)s to %(max)s, or leave it empty.")
                % {"min": MARK_BELOW_MIN, "max": MARK_BELOW_MAX}
            },
            code="mark_below",
        )
    stored = {
        pref.kind: pref
        for pref in NotificationPreference.objects.select_for_update().filter(user_id=user.pk)
    }
    settings, _created = NotificationSettings.objects.select_for_update().get_or_create(
        user_id=user.pk
    )
    before: dict[str, Any] = {
        "daily_digest": settings.daily_digest,
        "mark_below": settings.mark_below,
    }
    after: dict[str, Any] = {"daily_digest": bool(daily_digest), "mark_below": mark_below}
    for kind in NotificationKind.values:
        if kind not in choices:
            continue
        old = stored.get(kind)
        old_choice = (
            Choice(in_app=old.in_app, email=old.email) if old is not None else DEFAULTS[kind]
        )
        new_choice = choices[kind]
        if old_choice != new_choice:
            before[kind] = {"in_app": old_choice.in_app, "email": old_choice.email}
            after[kind] = {"in_app": new_choice.in_app, "email": new_choice.email}
        if old is None:
            NotificationPreference.objects.create(
                user_id=user.pk, kind=kind, in_app=new_choice.in_app, email=new_choice.email
            )
        elif old_choice != new_choice:
            old.in_app, old.email = new_choice.in_app, new_choice.email
            old.save(update_fields=["in_app", "email"])
    settings.daily_digest = bool(daily_digest)
    settings.mark_below = mark_below
    settings.save(update_fields=["daily_digest", "mark_below"])
    changed_keys = [key for key in after if before.get(key) != after[key]]
    if changed_keys:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=settings,
            object_repr=_("notification settings"),
            before={key: before.get(key) for key in changed_keys},
            after={key: after[key] for key in changed_keys},
        )
    return settings
