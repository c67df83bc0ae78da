"""Bell schedules (расписание звонков): the numbered lessons of a school day and their times."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school

MAX_SLOT_NUMBER = 10


class BellSchedule(models.Model):
    """A named bell schedule of one academic year: «Основное (1 смена)», «Сокращённый день»."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="bell_schedules",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="bell_schedules",
        verbose_name=_("academic year"),
    )
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Used by every class that has no schedule of its own."),
    )

    class Meta:
        verbose_name = _("bell schedule")
        verbose_name_plural = _("bell schedules")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "name"],
                name="bell_schedule_unique_name",
                violation_error_message=_(
                    "The school already has a bell schedule with this name in this academic year."
                ),
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=models.Q(is_default=True),
                name="bell_schedule_one_default",
                violation_error_message=_("The academic year already has a default bell schedule."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.name = (self.name or "").strip()
        require_same_school(self, "academic_year")


class Slot(models.Model):
    """One lesson of a bell schedule: its number in the day (0 for «нулевой урок») and times."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    bell_schedule = models.ForeignKey(
        BellSchedule,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("bell schedule"),
    )
    number = models.PositiveSmallIntegerField(
        _("lesson number"), validators=[MaxValueValidator(MAX_SLOT_NUMBER)]
    )
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))

    class Meta:
        verbose_name = _("lesson time")
        verbose_name_plural = _("lesson times")
        ordering = ["bell_schedule", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["bell_schedule", "number"],
                name="slot_unique_number",
                violation_error_message=_(
                    "The bell schedule already has a lesson with this number."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__lt=models.F("end_time")),
                name="slot_times_ordered",
                violation_error_message=_("A lesson must end after it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(number__lte=MAX_SLOT_NUMBER), name="slot_number_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self) -> None:
        require_same_school(self, "bell_schedule")
        if self.start_time and self.end_time and self.start_time >= self.end_time:
            raise ValidationError({"end_time": gettext("A lesson must end after it starts.")})


class ClassBellSchedule(models.Model):
    """The bell schedule a class follows (a class without a row follows the year's default)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    school_class = models.OneToOneField(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        related_name="bell_schedule_choice",
        verbose_name=_("class"),
    )
    bell_schedule = models.ForeignKey(
        BellSchedule,
        on_delete=models.CASCADE,
        related_name="class_choices",
        verbose_name=_("bell schedule"),
    )

    class Meta:
        verbose_name = _("bell schedule of a class")
        verbose_name_plural = _("bell schedules of classes")

    def __str__(self) -> str:
        return f"{self.school_class} — {self.bell_schedule}"

    def clean(self) -> None:
        require_same_school(self, "school_class", "bell_schedule")
        if (
            self.school_class_id
            and self.bell_schedule_id
            and self.school_class.academic_year_id != self.bell_schedule.academic_year_id
        ):
            raise ValidationError(
                {"bell_schedule": gettext("The schedule belongs to another academic year.")}
            )


class BellScheduleDay(models.Model):
    """A date on which the whole school follows another schedule (a shortened pre-holiday day)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    date = models.DateField(_("date"))
    bell_schedule = models.ForeignKey(
        BellSchedule,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("bell schedule"),
    )

    class Meta:
        verbose_name = _("day with another bell schedule")
        verbose_name_plural = _("days with another bell schedule")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "date"],
                name="bell_schedule_day_unique",
                violation_error_message=_("This date already has its own bell schedule."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} — {self.bell_schedule}"

    def clean(self) -> None:
        require_same_school(self, "bell_schedule")
        if self.date and self.bell_schedule_id:
            year = self.bell_schedule.academic_year
            if not (year.start_date <= self.date <= year.end_date):
                raise ValidationError(
                    {"date": gettext("The date lies outside the academic year of the schedule.")}
                )
