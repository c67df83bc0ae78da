from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.core.validators import format_snils, validate_snils
from parta.people.choices import Relation, Sex
from parta.people.querysets import GuardianshipQuerySet, StaffMemberQuerySet, StudentQuerySet


class Person(models.Model):
    """A human being, once per deployment: a student in one school can be a parent in another.
    School-specific records (staff, student) point here."""

    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    snils = models.CharField(
        _("SNILS"),
        max_length=14,
        blank=True,
        validators=[validate_snils],
        help_text=_("Format: 123-456-789 01"),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]
        constraints = [
            models.UniqueConstraint(
                fields=["snils"],
                condition=~models.Q(snils=""),
                name="person_unique_snils",
                violation_error_message=_(
                    "A person with this SNILS is already registered. Find them instead of "
                    "creating them again."
                ),
            )
        ]
        indexes = [models.Index(fields=["last_name", "first_name"], name="person_name")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А. С.»"""
        initials = "".join(f"{part[0]}. " for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip()

    def clean(self) -> None:
        if self.snils:
            self.snils = format_snils(self.snils)
        for name in ("last_name", "first_name", "patronymic"):
            setattr(self, name, " ".join((getattr(self, name) or "").split()))
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError(
                {"birth_date": gettext("The birth date cannot be in the future.")}
            )


class Position(models.Model):
    """A staff position from the catalogue (учитель, директор, педагог-психолог …)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    is_teaching = models.BooleanField(_("teaching"), default=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A person employed by a school."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="staff",
        verbose_name=_("organization"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="staff_records", verbose_name=_("person")
    )
    positions = models.ManyToManyField(Position, blank=True, verbose_name=_("positions"))
    hire_date = models.DateField(_("hire date"), null=True, blank=True)
    dismissal_date = models.DateField(_("dismissal date"), null=True, blank=True)

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person"],
                name="staff_unique_person",
                violation_error_message=_("This person is already on the school's staff."),
            )
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_active(self) -> bool:
        return self.dismissal_date is None

    def clean(self) -> None:
        if self.hire_date and self.dismissal_date and self.dismissal_date < self.hire_date:
            raise ValidationError(
                {
                    "dismissal_date": gettext(
                        "The dismissal date cannot be earlier than the hire date."
                    )
                }
            )


class Student(models.Model):
    """A student of a school, with the personal file number («В/13»)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="students",
        verbose_name=_("organization"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="student_records", verbose_name=_("person")
    )
    personal_file_number = models.CharField(_("personal file number"), max_length=30, blank=True)
    admission_date = models.DateField(_("admission date"), null=True, blank=True)
    withdrawal_date = models.DateField(_("withdrawal date"), null=True, blank=True)

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "person"],
                name="student_unique_person",
                violation_error_message=_("This person is already a student of the school."),
            ),
            models.UniqueConstraint(
                fields=["school", "personal_file_number"],
                condition=~models.Q(personal_file_number=""),
                name="student_unique_file_number",
                violation_error_message=_(
                    "Another student of the school already has this personal file number."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        self.personal_file_number = (self.personal_file_number or "").strip()
        if (
            self.admission_date
            and self.withdrawal_date
            and self.withdrawal_date < self.admission_date
        ):
            raise ValidationError(
                {
                    "withdrawal_date": gettext(
                        "The withdrawal date cannot be earlier than the admission date."
                    )
                }
            )


class Guardianship(models.Model):
    """A parent (legal representative) of a student. The parent is a Person; a parent can have
    several children, also in different schools (one row per child)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    guardian = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="guardianships", verbose_name=_("parent")
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, related_name="guardianships", verbose_name=_("child")
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    is_legal_representative = models.BooleanField(_("legal representative"), default=True)

    objects = GuardianshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("parents and children")
        ordering = ["student", "guardian"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "guardian"],
                name="guardianship_unique",
                violation_error_message=_("This person is already linked to the student."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} — {self.get_relation_display()} — {self.student}"

    def clean(self) -> None:
        require_same_school(self, "student")
        if self.guardian_id and self.student_id and self.guardian_id == self.student.person_id:
            raise ValidationError({"guardian": gettext("A student cannot be their own parent.")})
