"""What students and parents write in the diary: homework ticked as done, the parent's «I have
read the diary» for a week; and the private address of a person's calendar feed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.diary.querysets import DiaryAcknowledgementQuerySet, HomeworkCompletionQuerySet


class HomeworkCompletion(models.Model):
    """A student has ticked an assignment as done (their own note; the teacher's mark is
    separate)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    assignment = models.ForeignKey(
        "journal.Assignment",
        on_delete=models.CASCADE,
        related_name="completions",
        verbose_name=_("assignment"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="homework_completions",
        verbose_name=_("student"),
    )
    done_at = models.DateTimeField(_("done"), auto_now_add=True)

    objects = HomeworkCompletionQuerySet.as_manager()

    class Meta:
        verbose_name = _("homework done")
        verbose_name_plural = _("homework done")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="homework_completion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id}: {self.student_id}"


class DiaryAcknowledgement(models.Model):
    """A parent confirms having read a child's diary for a week (the signature of a paper
    diary). `week_start` is the Monday."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="diary_acknowledgements",
        verbose_name=_("student"),
    )
    week_start = models.DateField(_("week"))
    guardian = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        related_name="diary_acknowledgements",
        verbose_name=_("parent"),
    )
    acknowledged_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    objects = DiaryAcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("diary acknowledgement")
        verbose_name_plural = _("diary acknowledgements")
        ordering = ["-week_start", "student"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "week_start", "guardian"], name="diary_acknowledgement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_id}: {self.week_start}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The private address of a person's iCalendar feed. Whoever knows the token reads the
    feed, so it is long and random; renewing it revokes the old address at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user_id)
