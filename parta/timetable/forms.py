from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parta.core.forms import choice_field, model_choice_field
from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, Room
from parta.people.choices import StudyGroupKind
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.timetable.choices import SubstitutionReason
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


def _staff(school: Any) -> Any:
    return StaffMember.objects.filter(school=school, dismissal_date__isnull=True).select_related(
        "person"
    )


#: The field of a lesson each grid fixes (its cell form does not show it).
FIXED_FIELDS = {"class": "school_class", "teacher": "teacher", "room": "room"}

#: The fields of the cell form of each grid, in order (the first one gets the focus).
CELL_FIELDS = {
    "class": ["subject", "teacher", "room", "study_group"],
    "teacher": ["school_class", "study_group", "subject", "room"],
    "room": ["school_class", "study_group", "subject", "teacher"],
}


class TimetableEntryForm(SchoolModelForm):
    """A lesson in one cell of a grid. Weekday and lesson number come from the cell, and the
    grid's own dimension (`fixed`: the class, the teacher or the room) from the grid: the form
    has no field for it. In the class grid the group is empty for the whole class; in the other
    grids one picks a class or a study group of the lesson's academic year."""

    class Meta:
        model = TimetableEntry
        fields = [
            "school_class",
            "study_group",
            "subject",
            "teacher",
            "room",
            "week_parity",
            "valid_from",
            "valid_to",
        ]
        widgets = {"valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}

    def __init__(
        self,
        *args: Any,
        fixed: str,
        year: AcademicYear,
        school_class: SchoolClass | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        school = self.school
        del self.fields[FIXED_FIELDS[fixed]]
        self.order_fields([*CELL_FIELDS[fixed], "week_parity", "valid_from", "valid_to"])
        model_choice_field(self.fields["subject"]).queryset = Subject.objects.filter(
            Q(school__isnull=True) | Q(school=school), is_active=True
        )
        if "teacher" in self.fields:
            model_choice_field(self.fields["teacher"]).queryset = _staff(school)
        if "room" in self.fields:
            model_choice_field(self.fields["room"]).queryset = Room.objects.filter(school=school)
        groups = StudyGroup.objects.filter(school=school, academic_year=year)
        #: the class of the class grid (whose lessons are its own or those of a group)
        self.school_class = school_class
        if school_class is not None:
            groups = groups.filter(
                Q(school_class=school_class)
                | Q(kind=StudyGroupKind.CROSS_CLASS, grade=school_class.grade)
            )
            model_choice_field(self.fields["study_group"]).empty_label = _("The whole class")
        else:
            model_choice_field(self.fields["school_class"]).queryset = SchoolClass.objects.filter(
                school=school, academic_year=year
            ).order_by("grade", "letter")
            self.fields["study_group"].label = _("or a study group")
        model_choice_field(self.fields["study_group"]).queryset = groups.order_by("name")
        self.fields[CELL_FIELDS[fixed][0]].widget.attrs["autofocus"] = True

    def _post_clean(self) -> None:
        """Only fill the instance: the service validates it (model rules, exactly one of a
        class or a group, clashes) and the view puts its messages on the form."""
        self.instance = construct_instance(self, self.instance, self._meta.fields)
        if self.school_class is not None:
            has_group = bool(self.cleaned_data.get("study_group"))
            self.instance.school_class = None if has_group else self.school_class


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


# --- dated lessons -----------------------------------------------------------------------------


class GenerateForm(forms.Form):
    """Generate the lessons of a period (or of the whole year), for all or chosen classes."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    classes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Classes"),
        queryset=SchoolClass.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: every class."),
    )

    def __init__(self, *args: Any, periods: list[Any], classes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self.fields["period"]).choices = [
            ("", _("The whole academic year")),
            *[
                (
                    str(p.pk),
                    f"{p.period_set.name}: {p.name} ({p.start_date:%d.%m.%Y}–{p.end_date:%d.%m.%Y})",
                )
                for p in periods
            ],
        ]
        model_choice_field(self.fields["classes"]).queryset = classes


class LessonAddForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    slot_number = forms.IntegerField(
        label=gettext_lazy("Lesson number"), min_value=0, max_value=MAX_SLOT_NUMBER
    )
    school_class = forms.ModelChoiceField(
        label=gettext_lazy("Class"), queryset=SchoolClass.objects.none(), required=False
    )
    study_group = forms.ModelChoiceField(
        label=gettext_lazy("or a study group"), queryset=StudyGroup.objects.none(), required=False
    )
    subject = forms.ModelChoiceField(label=gettext_lazy("Subject"), queryset=Subject.objects.none())
    teacher = forms.ModelChoiceField(
        label=gettext_lazy("Teacher"), queryset=StaffMember.objects.none()
    )
    room = forms.ModelChoiceField(
        label=gettext_lazy("Room"), queryset=Room.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: Any, year: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].widget.attrs["autofocus"] = True
        model_choice_field(self.fields["school_class"]).queryset = SchoolClass.objects.filter(
            school=school, academic_year=year
        ).order_by("grade", "letter")
        model_choice_field(self.fields["study_group"]).queryset = StudyGroup.objects.filter(
            school=school, academic_year=year
        ).order_by("name")
        model_choice_field(self.fields["subject"]).queryset = Subject.objects.filter(
            Q(school__isnull=True) | Q(school=school), is_active=True
        )
        model_choice_field(self.fields["teacher"]).queryset = _staff(school)
        model_choice_field(self.fields["room"]).queryset = Room.objects.filter(school=school)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("school_class")) == bool(data.get("study_group")):
            raise ValidationError(_("Choose either a class or a study group."))
        return data


class LessonMoveForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("New date"), widget=DATE_WIDGET)
    slot_number = forms.IntegerField(
        label=gettext_lazy("Lesson number"), min_value=0, max_value=MAX_SLOT_NUMBER
    )
    room = forms.ModelChoiceField(
        label=gettext_lazy("Room"), queryset=Room.objects.none(), required=False
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["room"]).queryset = Room.objects.filter(school=school)


class LessonCancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for cancelling"), max_length=300)


class SubstituteForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=gettext_lazy("Substitute teacher"), queryset=StaffMember.objects.none()
    )
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=SubstitutionReason.choices)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def __init__(
        self, *args: Any, school: Any, exclude_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["teacher"]).queryset = _staff(school).exclude(pk=exclude_id)


class DateRangeForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=gettext_lazy("to"), widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and (end < start or (end - start).days > 366):
            raise ValidationError(_("Choose at most a year, ending after the start."))
        return data


class BellDayForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DATE_WIDGET)
    bell_schedule = forms.ModelChoiceField(
        label=gettext_lazy("Bell schedule"), queryset=BellSchedule.objects.none()
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["bell_schedule"]).queryset = BellSchedule.objects.filter(
            school=school
        ).select_related("academic_year")
