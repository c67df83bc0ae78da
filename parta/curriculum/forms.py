"""Forms of the subject pages (parsing only; the rules are `Subject.clean()`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parta.core.forms import model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment
from parta.organizations.models import AcademicYear
from parta.people.models import SchoolClass, StaffMember, StudyGroup


class SubjectForm(SchoolModelForm):
    """A subject of the school's own (the federal list is not edited here)."""

    class Meta:
        model = Subject
        fields = ["name", "short_name", "code", "is_active"]
        help_texts = {"is_active": _("Untick to stop offering the subject; it stays in history.")}


class SubjectFilterForm(forms.Form):
    SOURCE_FEDERAL = "federal"
    SOURCE_SCHOOL = "school"

    source = forms.ChoiceField(
        label=_("List"),
        required=False,
        choices=[
            ("", _("all")),
            (SOURCE_FEDERAL, _("federal")),
            (SOURCE_SCHOOL, _("the school's own")),
        ],
    )
    active = forms.ChoiceField(
        label=_("In use"),
        required=False,
        choices=[("", _("all")), ("yes", _("yes")), ("no", _("no"))],
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


def _years(school: Any) -> Any:
    return AcademicYear.objects.filter(school=school).order_by("-start_date")


def _classes(school: Any) -> Any:
    return SchoolClass.objects.filter(school=school).select_related("academic_year")


def _subjects(school: Any) -> Any:
    return Subject.objects.for_school(school).active().order_by("name")


def _teachers(school: Any) -> Any:
    return StaffMember.objects.filter(school=school).select_related("person")


def _groups(school: Any) -> Any:
    return StudyGroup.objects.filter(school=school).select_related("school_class")


class CurriculumForm(SchoolModelForm):
    school_scoped_fields = {"academic_year": _years, "school_class": _classes}

    class Meta:
        model = Curriculum
        fields = ["name", "academic_year", "grade", "school_class"]
        labels = {"name": _("Name")}
        help_texts = {
            "school_class": _("Only for an individual plan; leave the grade empty then."),
        }


class CurriculumItemForm(SchoolModelForm):
    school_scoped_fields = {"subject": _subjects}

    class Meta:
        model = CurriculumItem
        fields = ["subject", "hours_per_week", "part", "attestation_form"]

    def __init__(self, *args: Any, curriculum: Curriculum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.curriculum = curriculum


class TeachingAssignmentForm(SchoolModelForm):
    school_scoped_fields = {
        "academic_year": _years,
        "teacher": _teachers,
        "subject": _subjects,
        "school_class": _classes,
        "study_group": _groups,
    }

    class Meta:
        model = TeachingAssignment
        fields = [
            "academic_year",
            "teacher",
            "subject",
            "school_class",
            "study_group",
            "hours_per_week",
        ]
        help_texts = {"study_group": _("Instead of a class: a subgroup or a group of a grade.")}


class YearFilterForm(forms.Form):
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"), queryset=AcademicYear.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["academic_year"]).queryset = _years(school)


class TeachingAssignmentFilterForm(YearFilterForm):
    teacher = forms.ModelChoiceField(
        label=_("Teacher"), queryset=StaffMember.objects.none(), required=False
    )
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=SchoolClass.objects.none(), required=False
    )
    subject = forms.ModelChoiceField(
        label=_("Subject"), queryset=Subject.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        model_choice_field(self.fields["teacher"]).queryset = _teachers(school)
        model_choice_field(self.fields["school_class"]).queryset = _classes(school)
        model_choice_field(self.fields["subject"]).queryset = _subjects(school)


class CopyPlansForm(forms.Form):
    source_year = forms.ModelChoiceField(
        label=_("Copy from the year"), queryset=AcademicYear.objects.none()
    )
    target_year = forms.ModelChoiceField(
        label=_("Into the year"), queryset=AcademicYear.objects.none()
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("source_year", "target_year"):
            model_choice_field(self.fields[name]).queryset = _years(school)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("source_year") and data.get("source_year") == data.get("target_year"):
            raise forms.ValidationError(_("Choose a different target year."))
        return data
