"""Messages (внутренняя почта): threads between people of one school, with read state and
attachments. Who may write to whom is decided by `messaging.rules.allowed_recipients_q`."""

from __future__ import annotations

from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.messaging.querysets import MessageQuerySet, ThreadQuerySet


class _SchoolOwned(Protocol):
    school_id: int


def attachment_path(instance: _SchoolOwned, filename: str) -> str:
    """Stored by school and a random name; served only through the access checks (the
    user's file name stays in `name`)."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"messaging/{instance.school_id}/{uuid.uuid4().hex}{suffix}"


class AttachmentFields(models.Model):
    """A stored file of a message or an announcement: the school, the file under a random
    storage name, the user's file name, its size and content type (`core.files` checks and
    stores it)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Thread(models.Model):
    """A conversation: a subject and its participants; messages follow in time order."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("last message"), db_index=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class ThreadParticipant(models.Model):
    """A person in a thread and how far they have read it."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    thread = models.ForeignKey(
        Thread,
        on_delete=models.CASCADE,
        related_name="participants",
        verbose_name=_("conversation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="thread_participations",
        verbose_name=_("user"),
    )
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_participant_unique")
        ]
        indexes = [models.Index(fields=["user", "thread"], name="participant_user")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.user_id}"


class Message(models.Model):
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="messages", verbose_name=_("conversation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"], name="message_thread")]

    def __str__(self) -> str:
        return self.body[:50]


class MessageAttachment(AttachmentFields):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message")
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["message", "pk"]
