"""The schedule of assessment procedures (график оценочных процедур): the контрольные,
диктанты, ВПР … a class writes, by subject and date, published on the school's website."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.assessments.choices import ProcedureLevel, WorkForm
from parta.assessments.querysets import AssessmentProcedureQuerySet
from parta.core.validation import require_same_school


class AssessmentProcedure(models.Model):
    """An assessment procedure (оценочная процедура) of a class, or of one study group of the
    class, in one subject on one date; optionally bound to the dated lesson it takes place in."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="assessment_procedures",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="assessment_procedures",
        verbose_name=_("academic year"),
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        related_name="assessment_procedures",
        verbose_name=_("class"),
    )
    study_group = models.ForeignKey(
        "people.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessment_procedures",
        verbose_name=_("study group"),
        help_text=_("Only when a subgroup of the class writes it."),
    )
    subject = models.ForeignKey(
        "curriculum.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    date = models.DateField(_("date"))
    lesson = models.ForeignKey(
        "timetable.Lesson",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessment_procedures",
        verbose_name=_("lesson"),
        help_text=_(
            "Found automatically when the class has exactly one lesson of the subject that day."
        ),
    )
    level = models.CharField(
        _("level"), max_length=10, choices=ProcedureLevel.choices, default=ProcedureLevel.SCHOOL
    )
    form = models.CharField(
        _("form"), max_length=20, choices=WorkForm.choices, default=WorkForm.TEST_PAPER
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    objects = AssessmentProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment procedure")
        verbose_name_plural = _("assessment procedures")
        ordering = ["date", "school_class__grade", "school_class__letter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_class", "subject", "date"],
                condition=Q(study_group__isnull=True),
                name="assessment_unique_class_subject_date",
                violation_error_message=_(
                    "The class already has a procedure in this subject on this date."
                ),
            ),
            models.UniqueConstraint(
                fields=["school", "study_group", "subject", "date"],
                condition=Q(study_group__isnull=False),
                name="assessment_unique_group_subject_date",
                violation_error_message=_(
                    "The study group already has a procedure in this subject on this date."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "academic_year", "date"], name="assessment_year_date"),
            models.Index(fields=["school_class", "subject", "date"], name="assessment_class_subj"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}: {self.audience_name}, {self.subject}"

    @property
    def audience_name(self) -> str:
        if self.study_group_id and self.study_group is not None:
            return self.study_group.name
        return self.school_class.name if self.school_class_id else ""

    def clean(self) -> None:
        require_same_school(self, "academic_year", "school_class", "study_group", "lesson")
        subject = self.subject if self.subject_id else None
        if subject is not None and subject.school_id is not None:
            require_same_school(self, "subject")
        errors: dict[str, str] = {}
        year = self.academic_year if self.academic_year_id else None
        school_class = self.school_class if self.school_class_id else None
        if (
            school_class is not None
            and year is not None
            and school_class.academic_year_id != year.pk
        ):
            errors["school_class"] = gettext("The class belongs to another academic year.")
        if self.date and year is not None and not (year.start_date <= self.date <= year.end_date):
            errors["date"] = gettext("The date lies outside the academic year %(year)s.") % {
                "year": year.name
            }
        group = self.study_group if self.study_group_id else None
        if group is not None and group.school_class_id != self.school_class_id:
            errors["study_group"] = gettext("The study group is not a subgroup of this class.")
        lesson = self.lesson if self.lesson_id else None
        if lesson is not None and not errors:
            audience_ok = lesson.school_class_id == self.school_class_id or (
                self.study_group_id is not None and lesson.study_group_id == self.study_group_id
            )
            if lesson.date != self.date or lesson.subject_id != self.subject_id or not audience_ok:
                errors["lesson"] = gettext(
                    "The lesson is not a lesson of this class and subject on this date."
                )
        if errors:
            raise ValidationError(errors)
