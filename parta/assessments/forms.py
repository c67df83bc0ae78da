from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from parta.assessments.choices import ProcedureLevel, WorkForm
from parta.assessments.models import AssessmentProcedure
from parta.assessments.rules import plannable_classes, plannable_subjects
from parta.assessments.selectors import ScheduleFilter, lessons_of_class_on
from parta.core.forms import choice_field, model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, StudyPeriod
from parta.people.models import SchoolClass, StudyGroup
from parta.timetable.models import Lesson

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LessonChoiceField(forms.ModelChoiceField[Lesson]):
    def label_from_instance(self, obj: Lesson) -> str:
        audience = f" ({obj.study_group.name})" if obj.study_group_id and obj.study_group else ""
        return f"{obj.slot_number}. {obj.subject}{audience}"


class ScheduleFilterForm(forms.Form):
    """Filters of the schedule, the violations and the export: year, grade, class, subject,
    study period, level."""

    academic_year = forms.ModelChoiceField(
        queryset=AcademicYear.objects.none(), label=gettext_lazy("Academic year"), required=False
    )
    grade = forms.TypedChoiceField(
        label=gettext_lazy("Grade"), coerce=int, required=False, empty_value=None
    )
    school_class = forms.ModelChoiceField(
        queryset=SchoolClass.objects.none(), label=gettext_lazy("Class"), required=False
    )
    subject = forms.ModelChoiceField(
        queryset=Subject.objects.none(), label=gettext_lazy("Subject"), required=False
    )
    period = forms.ModelChoiceField(
        queryset=StudyPeriod.objects.none(), label=gettext_lazy("Study period"), required=False
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Level"),
        choices=[("", "---------"), *ProcedureLevel.choices],
        required=False,
    )

    def __init__(self, *args: Any, school: Any, year: AcademicYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        model_choice_field(self.fields["academic_year"]).queryset = AcademicYear.objects.filter(
            school=school
        ).order_by("-start_date")
        classes = SchoolClass.objects.filter(school=school, academic_year=year).order_by(
            "grade", "letter"
        )
        model_choice_field(self.fields["school_class"]).queryset = classes
        grades = sorted({c.grade for c in classes})
        choice_field(self.fields["grade"]).choices = [("", "---------")] + [
            (g, str(g)) for g in grades
        ]
        model_choice_field(self.fields["subject"]).queryset = Subject.objects.for_school(
            school
        ).order_by("name")
        model_choice_field(self.fields["period"]).queryset = StudyPeriod.objects.filter(
            school=school, period_set__academic_year=year
        ).select_related("period_set")

    def schedule_filter(self) -> ScheduleFilter:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        school_class = data.get("school_class")
        subject = data.get("subject")
        return ScheduleFilter.for_period(
            data.get("period"),
            grade=data.get("grade"),
            school_class_id=school_class.pk if school_class else None,
            subject_id=subject.pk if subject else None,
            level=data.get("level") or "",
        )


PROCEDURE_FIELDS = [
    "school_class",
    "study_group",
    "subject",
    "date",
    "lesson",
    "level",
    "form",
    "title",
    "note",
]


class ProcedureForm(SchoolModelForm):
    """A procedure of a class (or a subgroup), subject and date. The class and subject choices
    are those the user may plan; the lesson choice lists the class's lessons that day."""

    lesson = LessonChoiceField(
        queryset=Lesson.objects.none(),
        label=gettext_lazy("Lesson"),
        required=False,
        help_text=gettext_lazy(
            "Found automatically when the class has exactly one lesson of the subject that day."
        ),
    )

    class Meta:
        model = AssessmentProcedure
        fields = PROCEDURE_FIELDS
        widgets = {"date": DATE_WIDGET}

    def __init__(self, *args: Any, user: Any, year: AcademicYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.school
        if self.instance.pk is not None:
            year = self.instance.academic_year
        classes = plannable_classes(user, school).filter(academic_year=year)
        model_choice_field(self.fields["school_class"]).queryset = classes.order_by(
            "grade", "letter"
        )
        model_choice_field(self.fields["study_group"]).queryset = StudyGroup.objects.filter(
            school=school, school_class__in=classes
        ).order_by("name")
        model_choice_field(self.fields["subject"]).queryset = plannable_subjects(
            user, school
        ).order_by("name")
        class_id = self._value("school_class")
        day = self._date()
        lessons: QuerySet[Lesson] = Lesson.objects.none()
        if class_id and day is not None:
            lessons = lessons_of_class_on(school, class_id, day)
        model_choice_field(self.fields["lesson"]).queryset = lessons

    def _value(self, name: str) -> int | None:
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        if raw is None and self.instance.pk is not None:
            raw = getattr(self.instance, f"{name}_id", None)
        raw = getattr(raw, "pk", raw)
        return int(str(raw)) if str(raw or "").isdigit() else None

    def _date(self) -> datetime.date | None:
        raw = self.data.get("date") if self.is_bound else self.initial.get("date")
        if raw is None and self.instance.pk is not None:
            return self.instance.date
        if isinstance(raw, datetime.date):
            return raw
        try:
            return datetime.date.fromisoformat(str(raw or ""))
        except ValueError:
            return None


class GradePlanForm(forms.Form):
    """One procedure for every class of a grade."""

    grade = forms.TypedChoiceField(label=gettext_lazy("Grade"), coerce=int)
    subject = forms.ModelChoiceField(queryset=Subject.objects.none(), label=gettext_lazy("Subject"))
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    level = forms.ChoiceField(
        label=gettext_lazy("Level"), choices=ProcedureLevel.choices, initial=ProcedureLevel.FEDERAL
    )
    form = forms.ChoiceField(
        label=gettext_lazy("Form"), choices=WorkForm.choices, initial=WorkForm.CHECK_WORK
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, school: Any, year: AcademicYear | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grades = sorted(
            set(
                SchoolClass.objects.filter(school=school, academic_year=year).values_list(
                    "grade", flat=True
                )
            )
        )
        choice_field(self.fields["grade"]).choices = [(g, str(g)) for g in grades]
        model_choice_field(self.fields["subject"]).queryset = Subject.objects.for_school(
            school
        ).order_by("name")
