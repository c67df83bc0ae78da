"""Dated lessons (уроки): what the weekly timetable produces for each school day. Every journal
column is a lesson."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.timetable.choices import LessonOrigin, LessonStatus, SubstitutionReason
from parta.timetable.models.bells import MAX_SLOT_NUMBER
from parta.timetable.models.entries import TimetableEntry
from parta.timetable.querysets import LessonQuerySet, SubstitutionQuerySet


class Lesson(models.Model):
    """One lesson on one date, of a whole class or of one study group (exactly one of the two).

    A lesson generated from the timetable remembers its entry and the date the timetable gave it
    (`planned_date`); moving it changes `date` and `slot_number`, never `planned_date`, so that
    regenerating the timetable recognises it."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="lessons",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="lessons",
        verbose_name=_("academic year"),
    )
    date = models.DateField(_("date"))
    slot_number = models.PositiveSmallIntegerField(_("lesson number"))
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("class"),
    )
    study_group = models.ForeignKey(
        "people.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("study group"),
    )
    subject = models.ForeignKey(
        "curriculum.Subject", on_delete=models.PROTECT, related_name="+", verbose_name=_("subject")
    )
    teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        related_name="lessons",
        verbose_name=_("teacher"),
    )
    room = models.ForeignKey(
        "organizations.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("room"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LessonStatus.choices, default=LessonStatus.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    origin = models.CharField(
        _("origin"), max_length=10, choices=LessonOrigin.choices, default=LessonOrigin.TIMETABLE
    )
    timetable_entry = models.ForeignKey(
        TimetableEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("timetable entry"),
    )
    planned_date = models.DateField(_("date in the timetable"), null=True, blank=True)
    is_moved = models.BooleanField(_("moved"), default=False)
    topic = models.CharField(_("topic"), max_length=500, blank=True)
    note = models.CharField(
        _("note"),
        max_length=1000,
        blank=True,
        help_text=_("The teacher's note on the lesson in the journal (not shown in the diary)."),
    )
    plan_topic = models.ForeignKey(
        "thematic.PlanTopic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("topic of the thematic plan"),
    )

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "slot_number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school_class__isnull=False, study_group__isnull=True)
                    | models.Q(school_class__isnull=True, study_group__isnull=False)
                ),
                name="lesson_one_audience",
                violation_error_message=_("Choose either a class or a study group."),
            ),
            models.UniqueConstraint(
                fields=["timetable_entry", "planned_date"],
                condition=models.Q(timetable_entry__isnull=False),
                name="lesson_unique_entry_date",
            ),
            models.CheckConstraint(
                condition=models.Q(slot_number__lte=MAX_SLOT_NUMBER), name="lesson_slot_range"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "date", "slot_number"], name="lesson_school_date"),
            models.Index(fields=["school_class", "date"], name="lesson_class_date"),
            models.Index(fields=["study_group", "date"], name="lesson_group_date"),
            models.Index(fields=["teacher", "date"], name="lesson_teacher_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y}, {self.slot_number}: {self.audience_name}, {self.subject}"

    @property
    def audience_name(self) -> str:
        if self.study_group_id and self.study_group is not None:
            return self.study_group.name
        return self.school_class.name if self.school_class is not None else ""

    @property
    def is_cancelled(self) -> bool:
        return self.status == LessonStatus.CANCELLED

    def clean(self) -> None:
        require_same_school(self, "academic_year", "school_class", "study_group", "teacher", "room")
        if bool(self.school_class_id) == bool(self.study_group_id):
            raise ValidationError(gettext("Choose either a class or a study group."))
        if self.date and self.academic_year_id:
            year = self.academic_year
            if not (year.start_date <= self.date <= year.end_date):
                raise ValidationError({"date": gettext("The date lies outside the academic year.")})


class Substitution(models.Model):
    """A lesson taught by another teacher (замена). The substitute reaches that lesson only."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    lesson = models.OneToOneField(
        Lesson, on_delete=models.CASCADE, related_name="substitution", verbose_name=_("lesson")
    )
    teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        related_name="substitutions",
        verbose_name=_("substitute teacher"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=SubstitutionReason.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SubstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("substitution")
        verbose_name_plural = _("substitutions")
        ordering = ["lesson__date", "lesson__slot_number"]
        indexes = [models.Index(fields=["teacher", "lesson"], name="substitution_teacher")]

    def __str__(self) -> str:
        return f"{self.lesson}: {self.teacher}"

    def clean(self) -> None:
        require_same_school(self, "lesson", "teacher")
        if self.lesson_id and self.teacher_id and self.lesson.teacher_id == self.teacher_id:
            raise ValidationError({"teacher": gettext("The substitute must be another teacher.")})
