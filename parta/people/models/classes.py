"""Classes, enrollment history, study groups."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from parta.core.validation import fmt, overlapping, require_same_school
from parta.people.choices import StudyGroupKind
from parta.people.querysets import EnrollmentQuerySet, SchoolClassQuerySet, StudyGroupQuerySet


class SchoolClass(models.Model):
    """A class of one academic year: grade (параллель 1–11) + letter, e.g. 5А."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="classes",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="classes",
        verbose_name=_("academic year"),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    letter = models.CharField(_("letter"), max_length=15)
    class_teacher = models.ForeignKey(
        "people.StaffMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_classes",
        verbose_name=_("class teacher"),
    )
    home_room = models.ForeignKey(
        "organizations.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home room"),
    )
    period_set = models.ForeignKey(
        "organizations.PeriodSet",
        on_delete=models.PROTECT,
        related_name="classes",
        verbose_name=_("study periods"),
    )
    extra_holiday_set = models.ForeignKey(
        "organizations.HolidaySet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name=_("extra holidays"),
    )
    profile = models.CharField(_("profile"), max_length=100, blank=True)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["grade", "letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "grade", "letter"],
                name="class_unique_name",
                violation_error_message=_(
                    "The school already has a class with this grade and letter in this "
                    "academic year."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(grade__gte=1, grade__lte=11), name="class_grade_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.grade}{self.letter}"

    def clean(self) -> None:
        self.letter = (self.letter or "").strip().upper()
        require_same_school(
            self, "academic_year", "class_teacher", "home_room", "period_set", "extra_holiday_set"
        )
        for name in ("period_set", "extra_holiday_set"):
            related = getattr(self, name, None)
            if related is not None and related.academic_year_id != self.academic_year_id:
                raise ValidationError(
                    {name: gettext("The set belongs to a different academic year than the class.")}
                )


class Enrollment(models.Model):
    """A student's membership in a class over a date range. Rows are never overwritten: a move
    closes one row (end_date) and opens another."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="enrollments",
        verbose_name=_("student"),
    )
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name=_("class"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)
    reason = models.CharField(pgettext_lazy("enrollment", "reason"), max_length=300, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollment history")
        ordering = ["student", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__lte=models.F("end_date")),
                name="enrollment_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["school_class", "start_date"], name="enrollment_class"),
            models.Index(fields=["student", "start_date"], name="enrollment_student"),
        ]

    def __str__(self) -> str:
        end = f"{self.end_date:%d.%m.%Y}" if self.end_date else "…"
        return f"{self.student} — {self.school_class}: {self.start_date:%d.%m.%Y}–{end}"

    def clean(self) -> None:
        require_same_school(self, "student", "school_class")
        if not self.start_date or not self.school_class_id or not self.student_id:
            return
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": gettext("The end cannot be earlier than the start.")}
            )
        year = self.school_class.academic_year
        if not (year.start_date <= self.start_date <= year.end_date) or (
            self.end_date is not None and self.end_date > year.end_date
        ):
            raise ValidationError(
                {
                    "start_date": gettext(
                        "The enrollment dates must lie within the academic year of the class (%(start)s–%(end)s)."
                    )
                    % {"start": fmt(year.start_date), "end": fmt(year.end_date)}
                }
            )
        other = (
            overlapping(
                Enrollment.objects.filter(student_id=self.student_id),
                self.start_date,
                self.end_date,
                exclude_pk=self.pk,
            )
            .select_related("school_class")
            .first()
        )
        if other is not None:
            raise ValidationError(
                gettext(
                    "The student is already enrolled in class %(name)s on these dates (%(start)s–%(end)s). A student cannot be in two classes at once."
                )
                % {
                    "name": other.school_class.name,
                    "start": fmt(other.start_date),
                    "end": fmt(other.end_date),
                }
            )


class StudyGroup(models.Model):
    """A study group: a subgroup of one class (languages, informatics) or a group across the
    classes of a parallel (profile courses)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="study_groups",
        verbose_name=_("organization"),
    )
    academic_year = models.ForeignKey(
        "organizations.AcademicYear",
        on_delete=models.PROTECT,
        related_name="study_groups",
        verbose_name=_("academic year"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StudyGroupKind.choices)
    name = models.CharField(_("name"), max_length=100)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="study_groups",
        verbose_name=_("class"),
        help_text=_("For a subgroup of a class."),
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(11)],
        help_text=_("For a group across a grade."),
    )
    subject = models.ForeignKey(
        "curriculum.Subject",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subject"),
    )

    objects = StudyGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "name"],
                name="study_group_unique_name",
                violation_error_message=_(
                    "The school already has a study group with this name in this academic year."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind=StudyGroupKind.SUBGROUP, school_class__isnull=False)
                    | models.Q(kind=StudyGroupKind.CROSS_CLASS, grade__isnull=False)
                ),
                name="study_group_kind_target",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        require_same_school(self, "academic_year", "school_class")
        subject = self.subject if self.subject_id else None
        if subject is not None and subject.school_id is not None:
            # federal subjects (no school) are shared by every school
            require_same_school(self, "subject")
        if self.kind == StudyGroupKind.SUBGROUP:
            school_class = self.school_class if self.school_class_id else None
            if school_class is None:
                raise ValidationError(
                    {"school_class": gettext("Choose the class of the subgroup.")}
                )
            self.grade = school_class.grade
            if school_class.academic_year_id != self.academic_year_id:
                raise ValidationError(
                    {"school_class": gettext("The class belongs to another academic year.")}
                )
        elif self.kind == StudyGroupKind.CROSS_CLASS:
            self.school_class = None
            if not self.grade:
                raise ValidationError({"grade": gettext("Choose the grade of the group.")})


class StudyGroupMembership(models.Model):
    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name=_("student"),
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "student"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__lte=models.F("end_date")),
                name="group_membership_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.group}"

    def clean(self) -> None:
        require_same_school(self, "group", "student")
        if not (self.group_id and self.student_id and self.start_date):
            return
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": gettext("The end cannot be earlier than the start.")}
            )
        group = self.group
        enrollments = Enrollment.objects.filter(student_id=self.student_id)
        if group.kind == StudyGroupKind.SUBGROUP:
            enrollments = enrollments.filter(school_class_id=group.school_class_id)
            message = gettext("The student is not enrolled in class %(name)s on %(date)s.") % {
                "name": group.school_class.name if group.school_class else "",
                "date": fmt(self.start_date),
            }
        else:
            enrollments = enrollments.filter(
                school_class__grade=group.grade,
                school_class__academic_year_id=group.academic_year_id,
            )
            message = gettext("The student is not in grade %(grade)s on %(date)s.") % {
                "grade": group.grade,
                "date": fmt(self.start_date),
            }
        if not overlapping(enrollments, self.start_date, self.start_date).exists():
            raise ValidationError({"student": message})
        clash = overlapping(
            StudyGroupMembership.objects.filter(group_id=self.group_id, student_id=self.student_id),
            self.start_date,
            self.end_date,
            exclude_pk=self.pk,
        ).exists()
        if clash:
            raise ValidationError(
                gettext("The student is already a member of this group on these dates.")
            )
