"""Final marks (period, year, exam, final), the closing of a study period, and the documents that
excuse absences (sick notes, exemptions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.journal.choices import AbsenceReason, FinalMarkKind


class FinalMark(models.Model):
    """A student's final mark in a subject: for a study period (`kind` period with
    `study_period`), for the year, the exam or the final one (`study_period` empty)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("academic year"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="final_marks",
        verbose_name=_("student"),
    )
    subject = models.ForeignKey(
        "curriculum.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FinalMarkKind.choices)
    study_period = models.ForeignKey(
        "organizations.StudyPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("study period"),
    )
    value = models.CharField(_("mark"), max_length=10)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("final mark")
        verbose_name_plural = _("final marks")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "student", "subject", "study_period"],
                condition=models.Q(kind="period"),
                name="final_mark_unique_period",
            ),
            models.UniqueConstraint(
                fields=["school", "student", "subject", "academic_year", "kind"],
                condition=~models.Q(kind="period"),
                name="final_mark_unique_kind",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="period", study_period__isnull=False)
                    | (~models.Q(kind="period") & models.Q(study_period__isnull=True))
                ),
                name="final_mark_period_iff_kind",
            ),
        ]
        indexes = [models.Index(fields=["student", "subject"], name="final_mark_student")]

    def __str__(self) -> str:
        return self.value

    def clean(self) -> None:
        require_same_school(self, "academic_year", "student", "study_period")
        if (self.kind == FinalMarkKind.PERIOD) != bool(self.study_period_id):
            raise ValidationError(
                {"study_period": gettext("A period mark needs its study period; others none.")}
            )


class PeriodClosure(models.Model):
    """A closed study period: its marks, attendance and period marks no longer change (until the
    administration reopens it)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    study_period = models.OneToOneField(
        "organizations.StudyPeriod",
        on_delete=models.CASCADE,
        related_name="closure",
        verbose_name=_("study period"),
    )
    closed_at = models.DateTimeField(_("closed"), auto_now_add=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("closed study period")
        verbose_name_plural = _("closed study periods")

    def __str__(self) -> str:
        return str(self.study_period)

    def clean(self) -> None:
        require_same_school(self, "study_period")


class AbsenceDocument(models.Model):
    """A document excusing a student's absences over a date range (справка, освобождение),
    entered by the class teacher; the absences it covers are recoded."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="absence_documents",
        verbose_name=_("student"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    reason = models.CharField(_("reason"), max_length=12, choices=AbsenceReason.choices)
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
        help_text=_("Empty: every lesson of those days (an exemption may cover one subject)."),
    )
    number = models.CharField(_("document number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("absence document")
        verbose_name_plural = _("absence documents")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="absence_document_dates_ordered",
            )
        ]
        indexes = [models.Index(fields=["student", "start_date"], name="absence_document_student")]

    def __str__(self) -> str:
        return f"{self.student}: {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    def clean(self) -> None:
        require_same_school(self, "student")
        if self.start_date and self.end_date and self.start_date > self.end_date:
            raise ValidationError(
                {"end_date": gettext("The end cannot be earlier than the start.")}
            )
