"""How a school keeps its journal: mark scales, work types with weights, the averaging rule,
the edit window, and the classes or subjects taught without marks."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.journal.choices import Averaging
from parta.organizations.querysets import SchoolOwnedQuerySet


class MarkScale(models.Model):
    """A scale of marks: its values in order, each with its points (None for a special value
    that counts in no average: н/а, осв, зч, нз). A scale without a school is built in."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mark_scales",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=100)
    #: [{"value": "5", "points": 5}, …, {"value": "н/а", "points": null}]
    values = models.JSONField(_("values"), default=list)
    pass_mark = models.PositiveSmallIntegerField(
        _("lowest passing points"), default=3, help_text=_("Below it a mark counts as failing.")
    )

    class Meta:
        verbose_name = _("mark scale")
        verbose_name_plural = _("mark scales")
        ordering = ["name"]
        constraints = [
            # two partial constraints rather than nulls_distinct=False, which SQLite lacks
            models.UniqueConstraint(
                fields=["school", "name"],
                condition=models.Q(school__isnull=False),
                name="mark_scale_unique_name",
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(school__isnull=True),
                name="mark_scale_unique_builtin_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def points(self) -> dict[str, int | None]:
        """value → points (None for a special value)."""
        return {str(row["value"]): row.get("points") for row in self.values}


class JournalSettings(models.Model):
    """One row per school; a school without one uses the defaults of the fields."""

    school = models.OneToOneField(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="journal_settings",
        verbose_name=_("organization"),
    )
    mark_scale = models.ForeignKey(
        MarkScale,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mark scale"),
        help_text=_("Empty: the built-in five-point scale."),
    )
    averaging = models.CharField(
        _("average used for period marks"),
        max_length=10,
        choices=Averaging.choices,
        default=Averaging.WEIGHTED,
    )
    rounding_threshold = models.DecimalField(
        _("rounding threshold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.99"))],
        help_text=_(
            "The fraction from which an average rounds up: 0.5 makes 2.5 a 3; 0.6 makes 2.5 a 2."
        ),
    )
    min_marks = models.PositiveSmallIntegerField(
        _("minimum marks for a period mark"),
        default=3,
        help_text=_("With fewer marks the suggested period mark is flagged."),
    )
    edit_window_days = models.PositiveSmallIntegerField(
        _("edit window, days"),
        default=7,
        help_text=_(
            "For how many days after a lesson its teacher may change its marks and attendance; "
            "0: only on the day of the lesson."
        ),
    )
    class_teacher_final_marks = models.BooleanField(
        _("class teachers may set final marks of their class"), default=False
    )

    class Meta:
        verbose_name = _("journal settings")
        verbose_name_plural = _("journal settings")

    def __str__(self) -> str:
        return str(self.school)


class WorkType(models.Model):
    """A kind of work in a lesson (контрольная работа, ответ на уроке, домашнее задание …) with
    its weight in the weighted average."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="work_types",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=100)
    abbreviation = models.CharField(_("abbreviation"), max_length=10)
    weight = models.DecimalField(
        _("weight"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
    )
    is_homework = models.BooleanField(_("homework"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("work type")
        verbose_name_plural = _("work types")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="work_type_unique_name"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="work_type_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class MarkFreeSubject(models.Model):
    """«Без отметок»: a class (all subjects when `subject` is empty) or one subject of a class
    is taught without marks — topics, homework and attendance only."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        related_name="mark_free_subjects",
        verbose_name=_("class"),
    )
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
        help_text=_("Empty: every subject of the class."),
    )

    objects = SchoolOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("class or subject without marks")
        verbose_name_plural = _("classes and subjects without marks")
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_class", "subject"],
                condition=models.Q(subject__isnull=False),
                name="mark_free_unique",
            ),
            models.UniqueConstraint(
                fields=["school", "school_class"],
                condition=models.Q(subject__isnull=True),
                name="mark_free_unique_whole_class",
                violation_error_message=_("The class is already taught without marks."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_class} — {self.subject or _('all subjects')}"

    def clean(self) -> None:
        require_same_school(self, "school_class")
