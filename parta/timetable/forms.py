from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parta.core.forms import model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, Room
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.timetable.models import BellSchedule, TimetableEntry
from parta.timetable.models.bells import MAX_SLOT_NUMBER

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BellScheduleForm(SchoolModelForm):
    school_scoped_fields = {"academic_year": lambda s: AcademicYear.objects.filter(school=s)}

    class Meta:
        model = BellSchedule
        fields = ["academic_year", "name", "is_default"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # classes follow a schedule of their own year: the year of a schedule stays
            self.fields["academic_year"].disabled = True


class SlotRowForm(forms.Form):
    number = forms.IntegerField(
        label=gettext_lazy("Lesson"), min_value=0, max_value=MAX_SLOT_NUMBER, required=False
    )
    start_time = forms.TimeField(label=gettext_lazy("Starts"), widget=TIME_WIDGET, required=False)
    end_time = forms.TimeField(label=gettext_lazy("Ends"), widget=TIME_WIDGET, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(name) for name in ("number", "start_time", "end_time")]
        if any(v is not None for v in values) and any(v is None for v in values):
            raise ValidationError(_("Fill in the lesson number, its start and its end."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) is None for name in ("number", "start_time", "end_time"))


SlotFormSet = forms.formset_factory(SlotRowForm, extra=0, max_num=11, absolute_max=11)


class TimetableEntryForm(SchoolModelForm):
    """A lesson of one class in one cell (weekday and lesson number come from the cell). The
    group is empty for the whole class."""

    class Meta:
        model = TimetableEntry
        fields = [
            "subject",
            "teacher",
            "room",
            "study_group",
            "week_parity",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(self, *args: Any, school_class: SchoolClass, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        school = self.school
        self.school_class = school_class
        model_choice_field(self.fields["subject"]).queryset = Subject.objects.filter(
            Q(school__isnull=True) | Q(school=school), is_active=True
        )
        model_choice_field(self.fields["teacher"]).queryset = StaffMember.objects.filter(
            school=school, dismissal_date__isnull=True
        ).select_related("person")
        model_choice_field(self.fields["room"]).queryset = Room.objects.filter(school=school)
        model_choice_field(self.fields["study_group"]).queryset = StudyGroup.objects.filter(
            Q(school_class=school_class)
            | Q(kind=StudyGroupKind.CROSS_CLASS, grade=school_class.grade),
            school=school,
            academic_year_id=school_class.academic_year_id,
        )
        model_choice_field(self.fields["study_group"]).empty_label = _("The whole class")
        self.fields["subject"].widget.attrs["autofocus"] = True

    def _post_clean(self) -> None:
        """Only fill the instance: the service validates it (model rules and clashes) and the
        view puts its messages on the form."""
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        if self.cleaned_data.get("study_group"):
            self.instance.school_class = None
        else:
            self.instance.school_class = self.school_class


class CopyForm(forms.Form):
    source_from = forms.DateField(label=gettext_lazy("Lessons in force from"), widget=DATE_WIDGET)
    source_from.widget.attrs["autofocus"] = True
    source_to = forms.DateField(label=gettext_lazy("to"), widget=DATE_WIDGET)
    valid_from = forms.DateField(
        label=gettext_lazy("Copy into the period from"), widget=DATE_WIDGET
    )
    valid_to = forms.DateField(
        label=gettext_lazy("to (empty: the end of the year)"), widget=DATE_WIDGET, required=False
    )
