"""Forms of the thematic-plan pages (parsing only; the rules live in the models and services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parta.core.forms import model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.services import APPEND, REPLACE

GRADE_CHOICES = [("", _("all"))] + [(str(g), str(g)) for g in range(1, 12)]


def _years(school: Any) -> Any:
    return AcademicYear.objects.filter(school=school).order_by("-start_date")


def _subjects(school: Any) -> Any:
    return Subject.objects.for_school(school).active().order_by("name")


def _teachers(school: Any) -> Any:
    return StaffMember.objects.filter(school=school).select_related("person")


def _classes(school: Any) -> Any:
    return SchoolClass.objects.filter(school=school).order_by(
        "-academic_year__start_date", "grade", "letter"
    )


def _groups(school: Any) -> Any:
    return StudyGroup.objects.filter(school=school).order_by("-academic_year__start_date", "name")


class PlanForm(SchoolModelForm):
    """The working plan of one class or study group."""

    school_scoped_fields = {
        "academic_year": _years,
        "subject": _subjects,
        "teacher": _teachers,
        "school_class": _classes,
        "study_group": _groups,
    }

    class Meta:
        model = ThematicPlan
        fields = ["academic_year", "subject", "school_class", "study_group", "teacher", "name"]
        help_texts = {
            "study_group": _("For a subject taught in subgroups: choose the group, not the class."),
            "name": _("Optional; by default the subject and the class."),
        }

    def __init__(self, *args: Any, school: Any, teacher_field: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        if not teacher_field:
            del self.fields["teacher"]
        self.instance.is_template = False
        self.instance.grade = self.instance.grade or 1


class TemplateForm(SchoolModelForm):
    """A template of a grade that the plans of its classes follow."""

    school_scoped_fields = {
        "academic_year": _years,
        "subject": _subjects,
        "teacher": _teachers,
    }

    class Meta:
        model = ThematicPlan
        fields = ["academic_year", "subject", "grade", "teacher", "name"]
        help_texts = {"teacher": _("Optional: the author of the template.")}

    def __init__(self, *args: Any, school: Any, teacher_field: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        if not teacher_field:
            del self.fields["teacher"]
        self.instance.is_template = True


class TopicForm(forms.ModelForm[PlanTopic]):
    class Meta:
        model = PlanTopic
        fields = ["section", "title", "hours", "planned_date", "homework", "materials"]
        widgets = {
            "planned_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "homework": forms.Textarea(attrs={"rows": 2}),
            "materials": forms.Textarea(attrs={"rows": 2}),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        }


class PlanFilterForm(forms.Form):
    academic_year: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Academic year"), required=False, queryset=None
    )
    grade = forms.ChoiceField(label=_("Grade"), required=False, choices=GRADE_CHOICES)
    subject: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Subject"), required=False, queryset=None
    )
    teacher: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Teacher"), required=False, queryset=None
    )
    school_class: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Class"), required=False, queryset=None
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["academic_year"]).queryset = _years(school)
        model_choice_field(self.fields["subject"]).queryset = _subjects(school)
        model_choice_field(self.fields["teacher"]).queryset = _teachers(school)
        model_choice_field(self.fields["school_class"]).queryset = _classes(school)
        for name in ("academic_year", "subject", "teacher", "school_class"):
            model_choice_field(self.fields[name]).empty_label = _("all")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("XLSX file"),
        help_text=_("An .xlsx file with the columns of the template file."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("The plan's current topics"),
        choices=[(REPLACE, _("replace them")), (APPEND, _("keep them and append"))],
        initial=REPLACE,
        widget=forms.RadioSelect,
    )


class ApplyTemplateForm(forms.Form):
    classes: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Classes"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, template: ThematicPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["classes"]).queryset = SchoolClass.objects.filter(
            school_id=template.school_id,
            academic_year_id=template.academic_year_id,
            grade=template.grade,
        ).order_by("letter")
