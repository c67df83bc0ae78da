"""The school year: academic years, sets of study periods, sets of holidays."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import fmt, overlapping, require_same_school, require_within
from parta.organizations.choices import PeriodKind
from parta.organizations.querysets import SchoolOwnedQuerySet


class AcademicYear(models.Model):
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="academic_years",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=20, help_text=_("For example, 2026/2027"))
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    objects = SchoolOwnedQuerySet["AcademicYear"].as_manager()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_unique_name"),
            models.CheckConstraint(
                condition=models.Q(start_date__lt=models.F("end_date")),
                name="academic_year_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date:
            if self.start_date >= self.end_date:
                raise ValidationError(
                    {
                        "end_date": gettext(
                            "The end of the academic year must be later than its start."
                        )
                    }
                )
            if self.school_id:
                clash = overlapping(
                    AcademicYear.objects.filter(school_id=self.school_id),
                    self.start_date,
                    self.end_date,
                    exclude_pk=self.pk,
                ).first()
                if clash:
                    raise ValidationError(
                        gettext("The dates overlap the academic year %(name)s.")
                        % {"name": clash.name}
                    )


class PeriodSet(models.Model):
    """A division of a year into study periods; each class uses one set."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="period_sets",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="period_sets",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    name = models.CharField(_("name"), max_length=100)

    objects = SchoolOwnedQuerySet["PeriodSet"].as_manager()

    class Meta:
        verbose_name = _("period set")
        verbose_name_plural = _("period sets")
        ordering = ["academic_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "name"], name="period_set_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.academic_year})"

    def clean(self) -> None:
        require_same_school(self, "academic_year")


class StudyPeriod(models.Model):
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    period_set = models.ForeignKey(
        PeriodSet, on_delete=models.CASCADE, related_name="periods", verbose_name=_("set")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    objects = SchoolOwnedQuerySet["StudyPeriod"].as_manager()

    class Meta:
        verbose_name = _("study period")
        verbose_name_plural = _("study periods")
        ordering = ["period_set", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "period_set", "number"], name="study_period_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="study_period_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        require_same_school(self, "period_set")
        _check_dated_row(
            self,
            siblings=StudyPeriod.objects.filter(period_set_id=self.period_set_id),
            year=self.period_set.academic_year if self.period_set_id else None,
            outside=gettext(
                "A study period must lie within the academic year (%(start)s–%(end)s)."
            ),
            clash=gettext("The period overlaps the period “%(name)s” (%(start)s–%(end)s)."),
        )


class HolidaySet(models.Model):
    """Holidays of a year. The main set applies to every class; a class may add an extra set
    (grade 1 has extra February holidays)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="holiday_sets",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        AcademicYear,
        on_delete=models.CASCADE,
        related_name="holiday_sets",
        verbose_name=_("academic year"),
    )
    name = models.CharField(_("name"), max_length=100)
    is_main = models.BooleanField(
        _("main"), default=False, help_text=_("The main holidays apply to every class.")
    )

    objects = SchoolOwnedQuerySet["HolidaySet"].as_manager()

    class Meta:
        verbose_name = _("holiday set")
        verbose_name_plural = _("holiday sets")
        ordering = ["academic_year", "-is_main", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "name"], name="holiday_set_unique_name"
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year"],
                condition=models.Q(is_main=True),
                name="holiday_set_one_main",
                violation_error_message=_(
                    "This academic year already has a main holiday set; "
                    "only one set of a year can be the main one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.academic_year})"

    def clean(self) -> None:
        require_same_school(self, "academic_year")


class Holiday(models.Model):
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    holiday_set = models.ForeignKey(
        HolidaySet, on_delete=models.CASCADE, related_name="holidays", verbose_name=_("set")
    )
    name = models.CharField(_("name"), max_length=100)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))

    objects = SchoolOwnedQuerySet["Holiday"].as_manager()

    class Meta:
        verbose_name = _("holidays")
        verbose_name_plural = _("holidays")
        ordering = ["holiday_set", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="holiday_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.start_date:%d.%m.%Y}–{self.end_date:%d.%m.%Y}"

    def clean(self) -> None:
        require_same_school(self, "holiday_set")
        _check_dated_row(
            self,
            siblings=Holiday.objects.filter(holiday_set_id=self.holiday_set_id),
            year=self.holiday_set.academic_year if self.holiday_set_id else None,
            outside=gettext("Holidays must lie within the academic year (%(start)s–%(end)s)."),
            clash=gettext("The holidays overlap the holidays “%(name)s” (%(start)s–%(end)s)."),
        )


def _check_dated_row(
    row: StudyPeriod | Holiday,
    *,
    siblings: models.QuerySet[StudyPeriod] | models.QuerySet[Holiday],
    year: AcademicYear | None,
    outside: str,
    clash: str,
) -> None:
    """A period or holiday: start ≤ end, inside its year, no overlap with its set's other rows."""
    if not (row.start_date and row.end_date):
        return
    if row.start_date > row.end_date:
        raise ValidationError({"end_date": gettext("The end cannot be earlier than the start.")})
    if year is not None:
        require_within(
            "",
            row.start_date,
            row.end_date,
            year.start_date,
            year.end_date,
            outside % {"start": fmt(year.start_date), "end": fmt(year.end_date)},
        )
    other = overlapping(siblings, row.start_date, row.end_date, exclude_pk=row.pk).first()
    if other is not None:
        raise ValidationError(
            clash % {"name": other.name, "start": fmt(other.start_date), "end": fmt(other.end_date)}
        )
