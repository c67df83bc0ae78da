"""Calendar-thematic plans (КТП): the ordered topics a teacher plans for a subject in a class or
study group. A template plan belongs to a grade (parallel) and is shared by its classes' plans."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.thematic.querysets import PlanTopicQuerySet, ThematicPlanQuerySet

MAX_TOPICS = 400


class ThematicPlan(models.Model):
    """A КТП. Either a working plan of one class or study group (`school_class` xor
    `study_group`), or a template of a grade (`is_template`, neither set) that working plans of
    the grade's classes follow (`template`)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="thematic_plans",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="thematic_plans",
        verbose_name=_("academic year"),
    )
    subject = models.ForeignKey(
        "curriculum.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="thematic_plans",
        verbose_name=_("teacher"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thematic_plans",
        verbose_name=_("class"),
    )
    study_group = models.ForeignKey(
        "people.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="thematic_plans",
        verbose_name=_("study group"),
    )
    is_template = models.BooleanField(_("template"), default=False)
    template = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followers",
        verbose_name=_("template"),
        limit_choices_to={"is_template": True},
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ThematicPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic plan")
        verbose_name_plural = _("thematic plans")
        ordering = ["grade", "subject__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(is_template=True, school_class__isnull=True, study_group__isnull=True)
                    | models.Q(
                        is_template=False, school_class__isnull=False, study_group__isnull=True
                    )
                    | models.Q(
                        is_template=False, school_class__isnull=True, study_group__isnull=False
                    )
                ),
                name="thematic_plan_one_audience",
                violation_error_message=_(
                    "A plan is either a template of a grade or the plan of one class or study group."
                ),
            ),
            models.UniqueConstraint(
                fields=["school", "subject", "school_class"],
                condition=models.Q(school_class__isnull=False),
                name="thematic_plan_unique_class",
                violation_error_message=_("The class already has a plan for this subject."),
            ),
            models.UniqueConstraint(
                fields=["school", "subject", "study_group"],
                condition=models.Q(study_group__isnull=False),
                name="thematic_plan_unique_group",
                violation_error_message=_("The study group already has a plan for this subject."),
            ),
        ]

    def __str__(self) -> str:
        if self.name:
            return self.name
        audience = self.audience_name or gettext("grade %(grade)s") % {"grade": self.grade}
        return f"{self.subject.name} — {audience}"

    @property
    def audience_name(self) -> str:
        if self.study_group_id and self.study_group is not None:
            return self.study_group.name
        if self.school_class_id and self.school_class is not None:
            return self.school_class.name
        return ""

    def clean(self) -> None:
        require_same_school(self, "academic_year", "teacher", "school_class", "study_group")
        if self.is_template and (self.school_class_id or self.study_group_id):
            raise ValidationError(gettext("A template belongs to a grade, not to a class."))
        if not self.is_template and bool(self.school_class_id) == bool(self.study_group_id):
            raise ValidationError(gettext("Choose either a class or a study group."))
        if self.template_id and self.template is not None:
            if not self.template.is_template:
                raise ValidationError({"template": gettext("This plan is not a template.")})
            if (self.template.subject_id, self.template.grade) != (self.subject_id, self.grade):
                raise ValidationError(
                    {"template": gettext("The template is for another subject or grade.")}
                )


class PlanTopic(models.Model):
    """One line of a КТП: a topic taught over `hours` lessons, in plan order."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    plan = models.ForeignKey(
        ThematicPlan, on_delete=models.CASCADE, related_name="topics", verbose_name=_("plan")
    )
    position = models.PositiveIntegerField(_("number"))
    section = models.CharField(_("section"), max_length=300, blank=True)
    title = models.CharField(_("topic"), max_length=500)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("99"))],
    )
    homework = models.TextField(_("homework"), blank=True)
    materials = models.TextField(_("materials"), blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)

    objects = PlanTopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan topic")
        verbose_name_plural = _("plan topics")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="plan_topic_unique_position"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=Decimal("0.5")), name="plan_topic_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def clean(self) -> None:
        require_same_school(self, "plan")
