"""The weekly timetable: which lesson a class or study group has on a weekday and lesson number."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import fmt, require_same_school
from parta.people.choices import StudyGroupKind
from parta.timetable.choices import Weekday, WeekParity
from parta.timetable.models.bells import MAX_SLOT_NUMBER, BellSchedule, ClassBellSchedule


class TimetableEntry(models.Model):
    """One line of the weekly timetable: weekday × lesson number → subject, teacher, room, for
    a whole class or for one study group (exactly one of the two), over a date range."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="timetable_entries",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="timetable_entries",
        verbose_name=_("academic year"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    slot_number = models.PositiveSmallIntegerField(
        _("lesson number"), validators=[MinValueValidator(0), MaxValueValidator(MAX_SLOT_NUMBER)]
    )
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timetable_entries",
        verbose_name=_("class"),
        help_text=_("For a lesson of the whole class."),
    )
    study_group = models.ForeignKey(
        "people.StudyGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timetable_entries",
        verbose_name=_("study group"),
        help_text=_("For a lesson of a subgroup or a group across a grade."),
    )
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("subject"),
    )
    teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.PROTECT,
        related_name="timetable_entries",
        verbose_name=_("teacher"),
    )
    room = models.ForeignKey(
        "organizations.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="timetable_entries",
        verbose_name=_("room"),
    )
    week_parity = models.CharField(
        _("weeks"), max_length=5, choices=WeekParity.choices, default=WeekParity.EVERY
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("timetable entry")
        verbose_name_plural = _("timetable entries")
        ordering = ["weekday", "slot_number"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(school_class__isnull=False, study_group__isnull=True)
                    | models.Q(school_class__isnull=True, study_group__isnull=False)
                ),
                name="timetable_entry_one_audience",
                violation_error_message=_("Choose either a class or a study group."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__lte=models.F("valid_to")),
                name="timetable_entry_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=1, weekday__lte=6),
                name="timetable_entry_weekday_range",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "weekday", "slot_number"], name="timetable_entry_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.audience_name}: {self.get_weekday_display()}, {self.slot_number}"

    @property
    def audience_name(self) -> str:
        if self.study_group is not None:
            return self.study_group.name
        return self.school_class.name if self.school_class is not None else ""

    def clean(self) -> None:
        require_same_school(self, "academic_year", "school_class", "study_group", "teacher", "room")
        subject = self.subject if self.subject_id else None
        if subject is not None and subject.school_id is not None:
            require_same_school(self, "subject")
        if bool(self.school_class_id) == bool(self.study_group_id):
            raise ValidationError(gettext("Choose either a class or a study group."))
        audience = self.school_class if self.school_class_id else self.study_group
        if audience is not None and audience.academic_year_id != self.academic_year_id:
            field = "school_class" if self.school_class_id else "study_group"
            raise ValidationError({field: gettext("It belongs to another academic year.")})
        if self.valid_from and self.academic_year_id:
            year = self.academic_year
            if self.valid_to is not None and self.valid_to < self.valid_from:
                raise ValidationError(
                    {"valid_to": gettext("The end cannot be earlier than the start.")}
                )
            if not (year.start_date <= self.valid_from <= year.end_date) or (
                self.valid_to is not None and self.valid_to > year.end_date
            ):
                raise ValidationError(
                    {
                        "valid_from": gettext(
                            "The dates must lie within the academic year (%(start)s–%(end)s)."
                        )
                        % {"start": fmt(year.start_date), "end": fmt(year.end_date)}
                    }
                )
        if self.slot_number is not None and audience is not None:
            schedule = self.bell_schedule()
            if schedule is None:
                raise ValidationError(
                    gettext(
                        "The class has no bell schedule: add a default bell schedule for the "
                        "year or assign one to the class."
                    )
                )
            if not schedule.slots.filter(number=self.slot_number).exists():
                raise ValidationError(
                    {
                        "slot_number": gettext(
                            "Lesson %(number)s does not exist in the bell schedule «%(schedule)s»."
                        )
                        % {"number": self.slot_number, "schedule": schedule.name}
                    }
                )

    def bell_schedule(self) -> BellSchedule | None:
        """The schedule whose lesson numbers this entry uses: that of the class (of the
        subgroup's class), otherwise the year's default one. A group across a grade uses the
        default schedule."""
        class_id = self.school_class_id
        if not class_id and self.study_group_id:
            group = self.study_group
            if group is not None and group.kind == StudyGroupKind.SUBGROUP:
                class_id = group.school_class_id
        if class_id:
            choice = (
                ClassBellSchedule.objects.filter(school_class_id=class_id)
                .select_related("bell_schedule")
                .first()
            )
            if choice is not None:
                return choice.bell_schedule
        return BellSchedule.objects.filter(
            school_id=self.school_id, academic_year_id=self.academic_year_id, is_default=True
        ).first()
