"""Notifications: what a person is told (in Parta and by e-mail), and how they want it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.messaging.choices import NotificationKind
from parta.messaging.querysets import NotificationQuerySet


class Notification(models.Model):
    """One thing a user is told. `source_key` names the event it comes from (an audit event,
    a message); the unique (user, source_key) makes a repeated delivery a no-op, so nobody is
    told twice. `emailed_at` is claimed before an e-mail goes out, so it goes out once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    source_key = models.CharField(_("source"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    #: the e-mail for this notification: pending (null) or claimed/sent at
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    #: None: no e-mail wanted; True: e-mail at once; False: in the daily digest
    email_now = models.BooleanField(_("e-mail at once"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "source_key"], name="notification_once")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_unread"),
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """A user's choice for one kind: in Parta and/or by e-mail. Without a row the defaults of
    `messaging.preferences.DEFAULTS` apply."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    in_app = models.BooleanField(_("in Parta"), default=True)
    email = models.BooleanField(_("by e-mail"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}"


class NotificationSettings(models.Model):
    """A user's general choices: e-mails once a day in a digest instead of one by one; marks
    only below a threshold (e.g. 4: tell me about 3s and 2s)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_settings",
        verbose_name=_("user"),
    )
    daily_digest = models.BooleanField(
        _("e-mail a daily digest instead of each notification"), default=False
    )
    mark_below = models.PositiveSmallIntegerField(
        _("tell about marks below"),
        null=True,
        blank=True,
        help_text=_("Empty: every new mark."),
    )
    last_digest_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user_id)
