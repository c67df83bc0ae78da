"""Curricula (учебный план) and teaching load (педагогическая нагрузка)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school


class CurriculumPart(models.TextChoices):
    MANDATORY = "mandatory", _("mandatory part")
    PARTICIPANTS = "participants", _("part formed by participants of educational relations")


class AttestationForm(models.TextChoices):
    TEST = "test", _("test")
    EXAM = "exam", _("exam")
    AVERAGE = "average", _("by average mark / final mark")
    PROJECT = "project", _("project defence")
    CREDIT = "credit", _("pass/fail credit")
    NONE = "none", _("no attestation")


def _require_subject_of_school(instance: models.Model) -> None:
    subject = getattr(instance, "subject", None) if getattr(instance, "subject_id", None) else None
    if subject is not None and subject.school_id is not None:
        require_same_school(instance, "subject")


class Curriculum(models.Model):
    """A curriculum of one academic year: for a grade (parallel) or an individual plan of one
    class (exactly one of the two)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="curricula",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="curricula",
        verbose_name=_("academic year"),
    )
    name = models.CharField(_("name"), max_length=200)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(11)],
        help_text=_("The plan of a whole grade (parallel)."),
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="curricula",
        verbose_name=_("class"),
        help_text=_("An individual plan of one class."),
    )

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        ordering = ["grade", "school_class__grade", "school_class__letter", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(grade__isnull=False, school_class__isnull=True)
                    | Q(grade__isnull=True, school_class__isnull=False)
                ),
                name="curriculum_grade_or_class",
                violation_error_message=_("Choose either a grade or a class, not both."),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "grade"],
                condition=Q(grade__isnull=False),
                name="curriculum_unique_grade",
                violation_error_message=_(
                    "The grade already has a curriculum in this academic year."
                ),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "school_class"],
                condition=Q(school_class__isnull=False),
                name="curriculum_unique_class",
                violation_error_message=_(
                    "The class already has an individual curriculum in this academic year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def effective_grade(self) -> int | None:
        if self.grade:
            return self.grade
        school_class = self.school_class if self.school_class_id else None
        return school_class.grade if school_class is not None else None

    def clean(self) -> None:
        self.name = " ".join((self.name or "").split())
        require_same_school(self, "academic_year", "school_class")
        if self.grade and self.school_class_id:
            raise ValidationError(
                {"school_class": gettext("Choose either a grade or a class, not both.")}
            )
        if not self.grade and not self.school_class_id:
            raise ValidationError({"grade": gettext("Choose a grade or a class.")})
        school_class = self.school_class if self.school_class_id else None
        if (
            school_class is not None
            and self.academic_year_id
            and school_class.academic_year_id != self.academic_year_id
        ):
            raise ValidationError(
                {"school_class": gettext("The class belongs to another academic year.")}
            )


class CurriculumItem(models.Model):
    """One line of a curriculum: a subject with its weekly hours."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="items", verbose_name=_("curriculum")
    )
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject"),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    part = models.CharField(
        _("part"), max_length=20, choices=CurriculumPart.choices, default=CurriculumPart.MANDATORY
    )
    attestation_form = models.CharField(
        _("form of interim attestation"),
        max_length=20,
        choices=AttestationForm.choices,
        default=AttestationForm.AVERAGE,
    )

    class Meta:
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum lines")
        ordering = ["curriculum", "part", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "subject"],
                name="curriculum_item_unique_subject",
                violation_error_message=_("The curriculum already has this subject."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="curriculum_item_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} — {self.hours_per_week}"

    def clean(self) -> None:
        require_same_school(self, "curriculum")
        _require_subject_of_school(self)


class TeachingAssignment(models.Model):
    """Teaching load (педагогическая нагрузка): a teacher teaches a subject to a class or a
    study group for so many hours a week."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="teaching_assignments",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="teaching_assignments",
        verbose_name=_("academic year"),
    )
    teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        related_name="teaching_assignments",
        verbose_name=_("teacher"),
    )
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject"),
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teaching_assignments",
        verbose_name=_("class"),
    )
    study_group = models.ForeignKey(
        "people.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="teaching_assignments",
        verbose_name=_("study group"),
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )

    class Meta:
        verbose_name = _("teaching load")
        verbose_name_plural = _("teaching load")
        ordering = ["teacher__person__last_name", "subject__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(school_class__isnull=False, study_group__isnull=True)
                    | Q(school_class__isnull=True, study_group__isnull=False)
                ),
                name="teaching_assignment_class_or_group",
                violation_error_message=_("Choose either a class or a study group, not both."),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="teaching_assignment_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        target = self.school_class if self.school_class_id else self.study_group
        return f"{self.teacher} — {self.subject} — {target}"

    @property
    def target(self) -> object:
        return self.school_class if self.school_class_id else self.study_group

    def clean(self) -> None:
        require_same_school(self, "academic_year", "teacher", "school_class", "study_group")
        _require_subject_of_school(self)
        if self.school_class_id and self.study_group_id:
            raise ValidationError(
                {"study_group": gettext("Choose either a class or a study group, not both.")}
            )
        if not self.school_class_id and not self.study_group_id:
            raise ValidationError({"school_class": gettext("Choose a class or a study group.")})
        for name in ("school_class", "study_group"):
            related = getattr(self, name) if getattr(self, f"{name}_id") else None
            if (
                related is not None
                and self.academic_year_id
                and related.academic_year_id != self.academic_year_id
            ):
                raise ValidationError(
                    {name: gettext("The class or group belongs to another academic year.")}
                )
        group = self.study_group if self.study_group_id else None
        if (
            group is not None
            and group.subject_id
            and self.subject_id
            and group.subject_id != self.subject_id
        ):
            raise ValidationError(
                {"subject": gettext("The study group is formed for another subject.")}
            )
