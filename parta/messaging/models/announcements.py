"""Announcements (объявления) and events (мероприятия, родительские собрания) of a school,
each for an audience."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.messaging.choices import AudienceScope, EventKind
from parta.messaging.models.audience import AudienceFields
from parta.messaging.models.messages import AttachmentFields
from parta.messaging.querysets import AnnouncementQuerySet, EventQuerySet

AUDIENCE_CONSTRAINTS = [
    (
        "grade",
        models.Q(scope=AudienceScope.GRADE, grade__isnull=False)
        | ~models.Q(scope=AudienceScope.GRADE),
    ),
    (
        "class",
        models.Q(scope=AudienceScope.CLASS, school_class__isnull=False)
        | ~models.Q(scope=AudienceScope.CLASS),
    ),
]


class Announcement(AudienceFields):
    """A notice of the school administration or a teacher, shown to its audience within the
    optional publication window."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    publish_from = models.DateTimeField(_("published from"))
    publish_until = models.DateTimeField(_("published until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-publish_from", "-pk"]
        indexes = [models.Index(fields=["school", "publish_from"], name="announcement_school")]
        constraints = [
            models.CheckConstraint(condition=q, name=f"announcement_audience_{name}")
            for name, q in AUDIENCE_CONSTRAINTS
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_audience()


class AnnouncementAttachment(AttachmentFields):
    announcement = models.ForeignKey(
        Announcement,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("announcement"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["announcement", "pk"]


class Event(AudienceFields):
    """A school or class event, or a parent meeting (`kind`), at a time and place."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=EventKind.choices, default=EventKind.EVENT
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["school", "starts_at"], name="event_school_start")]
        constraints = [
            *(
                models.CheckConstraint(condition=q, name=f"event_audience_{name}")
                for name, q in AUDIENCE_CONSTRAINTS
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.clean_audience()
