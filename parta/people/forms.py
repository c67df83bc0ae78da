"""Forms of the people pages: classes, enrollment, students, parents, staff, logins, groups.

They parse input only. The rules are in the models' `clean()` and in the services; choice
fields are limited to the current school, so an id of another school's row is refused as an
invalid choice with a message that says so.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parta.accounts.choices import Role
from parta.accounts.services.users import STAFF_ROLES
from parta.core.forms import choice_field, model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, HolidaySet, Organization, PeriodSet, Room
from parta.people import selectors
from parta.people.choices import Relation, StudyGroupKind
from parta.people.models import (
    Person,
    Position,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
)

GRADE_CHOICES = [("", _("all")), *((str(n), str(n)) for n in range(1, 12))]
NOT_IN_SCHOOL = _("Select one of the list: this one is not in the school.")


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


class ClassYearChoiceField(forms.ModelChoiceField[Any]):
    """Classes labelled with their year: «5А (2026/2027)»."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.academic_year.name})"


class StudentChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Students labelled with their full name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.person.full_name)


def _school_choice(
    queryset: QuerySet[Any],
    label: Any,
    *,
    required: bool = True,
    field_class: type[forms.ModelChoiceField[Any]] = forms.ModelChoiceField,
    **kwargs: Any,
) -> forms.ModelChoiceField[Any]:
    return field_class(
        queryset=queryset,
        label=label,
        required=required,
        error_messages={"invalid_choice": NOT_IN_SCHOOL},
        **kwargs,
    )


def _with_default(data: Any, name: str, value: Any) -> Any:
    """Filter forms are always bound: a parameter absent from the query takes its default (an
    empty one means "all")."""
    if data is None:
        return {name: value}
    if name in data:
        return data
    data = data.copy()
    data[name] = value
    return data


def _set_queryset(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    model_choice_field(form.fields[name]).queryset = queryset


# --- classes -----------------------------------------------------------------------------------


class ClassFilterForm(forms.Form):
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"),
        queryset=AcademicYear.objects.none(),
        required=False,
        empty_label=_("all"),
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=GRADE_CHOICES, required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: Any = None, *args: Any, school: Organization, **kwargs: Any) -> None:
        year = selectors.current_year(school)
        super().__init__(
            _with_default(data, "academic_year", year.pk if year else ""), *args, **kwargs
        )
        _set_queryset(self, "academic_year", AcademicYear.objects.filter(school=school))


class SchoolClassForm(SchoolModelForm):
    school_scoped_fields = {
        "academic_year": lambda school: AcademicYear.objects.filter(school=school),
        "class_teacher": lambda school: (
            StaffMember.objects.filter(school=school).active().select_related("person")
        ),
        "home_room": lambda school: Room.objects.filter(school=school),
        "period_set": lambda school: PeriodSet.objects.filter(school=school).select_related(
            "academic_year"
        ),
        "extra_holiday_set": lambda school: HolidaySet.objects.filter(
            school=school, is_main=False
        ).select_related("academic_year"),
    }

    class Meta:
        model = SchoolClass
        fields = [
            "grade",
            "letter",
            "academic_year",
            "class_teacher",
            "home_room",
            "period_set",
            "extra_holiday_set",
            "profile",
        ]
        widgets = {"grade": forms.NumberInput(attrs={"min": 1, "max": 11})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = NOT_IN_SCHOOL
        if self.instance.pk is None and not self.is_bound:
            year = selectors.current_year(self.school)
            if year is not None:
                self.initial.setdefault("academic_year", year.pk)
                sets = list(
                    PeriodSet.objects.filter(academic_year=year).values_list("pk", flat=True)[:2]
                )
                if len(sets) == 1:
                    self.initial.setdefault("period_set", sets[0])


class RosterDateForm(forms.Form):
    date = _date_field(_("On date"), required=False)


class EnrollForm(forms.Form):
    student = _school_choice(Student.objects.none(), _("Student"))
    start_date = _date_field(_("From"))

    def __init__(
        self, *args: Any, school: Organization, school_class: SchoolClass, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        day = selectors.day_in_year(school_class.academic_year)
        _set_queryset(
            self,
            "student",
            selectors.students_without_class(school, day).order_by(
                "person__last_name", "person__first_name"
            ),
        )
        self.fields["student"].help_text = _(
            "Students of the school who are in no class on %(date)s."
        ) % {"date": day.strftime("%d.%m.%Y")}
        self.fields["student"].error_messages["invalid_choice"] = _(
            "Select a student of the school who is not in a class."
        )
        self.initial.setdefault("start_date", day)


class MoveForm(forms.Form):
    school_class = _school_choice(
        SchoolClass.objects.none(), _("To class"), field_class=ClassYearChoiceField
    )
    start_date = _date_field(_("Date of the move"), help_text=_("The first day in the new class."))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, school: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        _set_queryset(self, "school_class", selectors.classes_from_year(school, today))
        self.initial.setdefault("start_date", today)


class EnrollmentCloseForm(forms.Form):
    end_date = _date_field(_("Last day in the class"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        required=False,
        help_text=_("For example: moved to another school, order No. 12 of 01.02."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("end_date", timezone.localdate())


# --- people ------------------------------------------------------------------------------------

PERSON_FIELDS = [
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "snils",
    "phone",
    "email",
    "address",
]


class PersonForm(forms.ModelForm[Any]):
    """Name, birth date, sex, SNILS (checksum checked), contacts."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"birth_date": DateInput()}


class StudentForm(SchoolModelForm):
    class Meta:
        model = Student
        fields = ["personal_file_number", "admission_date", "withdrawal_date"]
        widgets = {"admission_date": DateInput(), "withdrawal_date": DateInput()}


class StudentCreateForm(StudentForm):
    school_class = _school_choice(
        SchoolClass.objects.none(),
        _("Enroll in class"),
        required=False,
        help_text=_("Optional: the student is enrolled from the admission date."),
    )

    class Meta(StudentForm.Meta):
        fields = ["personal_file_number", "admission_date"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = selectors.current_year(self.school)
        _set_queryset(self, "school_class", selectors.classes_of_year(self.school, year))
        self.initial.setdefault("admission_date", timezone.localdate())


class StudentFilterForm(forms.Form):
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False, empty_label=_("all")
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=GRADE_CHOICES, required=False, coerce=int, empty_value=None
    )
    without_class = forms.BooleanField(label=_("Without a class"), required=False)

    def __init__(self, *args: Any, school: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = selectors.current_year(school)
        _set_queryset(self, "school_class", selectors.classes_of_year(school, year))


# --- parents -----------------------------------------------------------------------------------


class GuardianRelationForm(forms.Form):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    is_legal_representative = forms.BooleanField(
        label=_("Legal representative"), required=False, initial=True
    )


class GuardianPickForm(GuardianRelationForm):
    """An existing person: only someone the school already knows (a parent of another student,
    a staff member, a student) can be chosen."""

    guardian = forms.ModelChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _(
                "This person is not known in this school. Choose someone from the search "
                "results or enter a new person."
            ),
            "required": _("Find and choose the person first."),
        },
    )
    field_order = ["guardian", "relation", "is_legal_representative"]

    def __init__(self, *args: Any, school: Organization, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "pick_%s")
        super().__init__(*args, **kwargs)
        _set_queryset(self, "guardian", selectors.persons_linked_to_school(school))


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or SNILS"), required=False, max_length=100)


# --- staff -------------------------------------------------------------------------------------


def _role_choices(grantable: frozenset[str]) -> list[tuple[str, Any]]:
    return [(role, Role(role).label) for role in STAFF_ROLES if role in grantable]


class StaffForm(SchoolModelForm):
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions"),
        queryset=Position.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StaffMember
        fields = ["positions", "hire_date", "dismissal_date"]
        widgets = {"hire_date": DateInput(), "dismissal_date": DateInput()}


class StaffRolesForm(forms.Form):
    """The roles in the school the current user may grant (the others are shown, not edited)."""

    roles = forms.MultipleChoiceField(
        label=_("Roles in the school"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, grantable: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["roles"]).choices = _role_choices(grantable)


class StaffCreateForm(StaffForm):
    create_login = forms.BooleanField(
        label=_("Create a login"),
        required=False,
        initial=True,
        help_text=_("The temporary password is shown once, on a sheet to print."),
    )
    username = forms.CharField(
        label=_("Login"),
        required=False,
        max_length=150,
        help_text=_("Leave empty to make one from the surname and initials."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles in the school"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta(StaffForm.Meta):
        fields = ["positions", "hire_date"]

    def __init__(self, *args: Any, grantable: frozenset[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["roles"]).choices = _role_choices(grantable)
        self.initial.setdefault("roles", [Role.TEACHER])
        self.initial.setdefault("hire_date", timezone.localdate())


class StaffFilterForm(forms.Form):
    STATUS_CHOICES = [("", _("all")), ("active", _("working")), ("dismissed", _("dismissed"))]

    position = forms.ModelChoiceField(
        label=_("Position"), queryset=Position.objects.all(), required=False, empty_label=_("all")
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, data: Any = None, *args: Any, school: Organization, **kwargs: Any) -> None:
        super().__init__(_with_default(data, "status", "active"), *args, **kwargs)


# --- logins ------------------------------------------------------------------------------------


class LoginCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        help_text=_("Latin letters, digits and . @ + - _ only."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles in the school"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, grantable: frozenset[str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if grantable is None:
            del self.fields["roles"]
        else:
            choice_field(self.fields["roles"]).choices = _role_choices(grantable)
            self.initial.setdefault("roles", [Role.TEACHER])


class ClassLoginsForm(forms.Form):
    students = forms.BooleanField(label=_("Students without a login"), required=False)
    parents = forms.BooleanField(label=_("Parents without a login"), required=False)


# --- study groups ------------------------------------------------------------------------------


class StudyGroupFilterForm(ClassFilterForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *StudyGroupKind.choices], required=False
    )


def _subjects(school: Organization) -> QuerySet[Subject]:
    return Subject.objects.for_school(school).filter(is_active=True).order_by("name")


class StudyGroupForm(SchoolModelForm):
    school_scoped_fields = {
        "academic_year": lambda school: AcademicYear.objects.filter(school=school),
        "school_class": lambda school: SchoolClass.objects.filter(school=school).select_related(
            "academic_year"
        ),
        "subject": _subjects,
    }

    class Meta:
        model = StudyGroup
        fields = ["academic_year", "kind", "name", "school_class", "grade", "subject"]
        widgets = {"grade": forms.NumberInput(attrs={"min": 1, "max": 11})}
        field_classes = {"school_class": ClassYearChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = NOT_IN_SCHOOL
        if self.instance.pk is None and not self.is_bound:
            year = selectors.current_year(self.school)
            if year is not None:
                self.initial.setdefault("academic_year", year.pk)


class GroupMembersAddForm(forms.Form):
    students = StudentChoiceField(
        label=_("Students"),
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Choose students of the school who are in the group's class or grade."
            ),
            "required": _("Choose at least one student."),
        },
    )
    start_date = _date_field(_("From"))

    def __init__(
        self, *args: Any, candidates: list[Student], day: datetime.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(
            self,
            "students",
            Student.objects.filter(pk__in=[s.pk for s in candidates]).select_related("person"),
        )
        self.initial.setdefault("start_date", day)


class GroupMemberEndForm(forms.Form):
    end_date = _date_field(_("Last day in the group"))


class ClassSplitForm(forms.Form):
    """Two subgroups of a class in one step; each student of the roster goes to group 1,
    group 2 or neither."""

    name_1 = forms.CharField(label=_("Name of subgroup 1"), max_length=100)
    name_2 = forms.CharField(label=_("Name of subgroup 2"), max_length=100)
    subject = _school_choice(Subject.objects.none(), _("Subject"), required=False)
    start_date = _date_field(_("From"))

    def __init__(
        self,
        *args: Any,
        school: Organization,
        school_class: SchoolClass,
        roster: list[Student],
        day: datetime.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "subject", _subjects(school))
        self.roster = roster
        half = (len(roster) + 1) // 2
        choices = [("1", "1"), ("2", "2"), ("", "—")]
        for index, student in enumerate(roster):
            self.fields[f"student_{student.pk}"] = forms.ChoiceField(
                label=student.person.full_name,
                choices=choices,
                required=False,
                initial="1" if index < half else "2",
                widget=forms.RadioSelect,
            )
        self.initial.setdefault("name_1", f"{school_class.name} — 1")
        self.initial.setdefault("name_2", f"{school_class.name} — 2")
        self.initial.setdefault("start_date", day)

    def student_fields(self) -> list[forms.BoundField]:
        return [self[f"student_{student.pk}"] for student in self.roster]

    def split(self) -> tuple[list[Student], list[Student]]:
        first = [s for s in self.roster if self.cleaned_data.get(f"student_{s.pk}") == "1"]
        second = [s for s in self.roster if self.cleaned_data.get(f"student_{s.pk}") == "2"]
        return first, second
