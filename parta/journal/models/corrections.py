"""Correcting the journal after its edit window: a teacher asks, with a reason; the school
administration (director, deputy director) approves or rejects. An approved request reopens the
journal of that one lesson to the teacher who asked, until `open_until` (the school's date,
inclusive)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.journal.choices import CorrectionStatus
from parta.journal.querysets import CorrectionRequestQuerySet


class CorrectionRequest(models.Model):
    """A request to correct the journal of one lesson after its edit window (запрос на
    исправление). `reason` says what is wrong and why; `decision_note` is the administration's
    answer."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    lesson = models.ForeignKey(
        "timetable.Lesson",
        on_delete=models.PROTECT,
        related_name="correction_requests",
        verbose_name=_("lesson"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CorrectionStatus.choices,
        default=CorrectionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    open_until = models.DateField(
        _("open until"),
        null=True,
        blank=True,
        help_text=_("The last day the teacher may correct the lesson (approved requests)."),
    )

    objects = CorrectionRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "requested_by"],
                condition=models.Q(status=CorrectionStatus.PENDING),
                name="correction_one_pending",
                violation_error_message=_(
                    "A request to correct this lesson is already awaiting a decision."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CorrectionStatus.APPROVED)
                | models.Q(open_until__isnull=False),
                name="correction_approved_open_until",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status"], name="correction_school_status"),
            models.Index(fields=["lesson", "requested_by"], name="correction_lesson_user"),
        ]

    def __str__(self) -> str:
        return str(self.lesson)
