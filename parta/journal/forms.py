"""Forms of the journal pages: what was typed into a cell, and a lesson's record (topic,
homework, assignments)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parta.journal.models import Assignment, WorkType

#: What a teacher may type for «точка» (the student owes the work).
DUTY_INPUT = {".", "•", "т"}
#: What a teacher may type for attendance → the stored code (у and п both mean «у/п»).
ATTENDANCE_INPUT = {"н": "н", "б": "б", "о": "о", "у": "у", "п": "у", "у/п": "у"}


class CellForm(forms.Form):
    """A keystroke's worth of journal: a value typed into a cell (a mark or an attendance
    code) or the Delete key, with the versions the page showed."""

    value = forms.CharField(required=False, max_length=10, strip=True)
    action = forms.ChoiceField(required=False, choices=[("", "-"), ("clear", "clear")])
    assignment = forms.ModelChoiceField(queryset=Assignment.objects.none(), required=False)
    mark_version = forms.IntegerField(required=False, min_value=1)
    attendance_version = forms.IntegerField(required=False, min_value=1)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    target = forms.RegexField(regex=r"^c-\d+-\d+-\d+$", required=False)
    #: the mark's details form (comment and duty flag) rather than a keystroke
    details = forms.BooleanField(required=False)
    comment = forms.CharField(required=False, max_length=300, strip=True)
    is_duty = forms.BooleanField(required=False)

    def __init__(self, *args: Any, lesson: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Assignment.objects.filter(school_id=lesson.school_id, lesson=lesson)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = (data.get("value") or "").lower().replace(" ", "")
        data["code"] = None
        if data.get("action") == "clear":
            if data.get("mark_version") and data.get("assignment") is not None:
                data["kind"] = "clear_mark"
            elif data.get("attendance_version"):
                data["kind"] = "attendance"
            else:
                raise forms.ValidationError(_("The cell is already empty."))
        elif value in DUTY_INPUT:
            # «точка»: the student owes the work, no mark yet
            data["kind"] = "mark"
            data["value"] = ""
            data["is_duty"] = True
        elif not value and not data.get("details"):
            raise forms.ValidationError(_("Type a mark or an attendance code."))
        elif value in ATTENDANCE_INPUT:
            data["kind"] = "attendance"
            data["code"] = ATTENDANCE_INPUT[value]
        else:
            data["kind"] = "mark"
            data["value"] = value
        return data


class LessonRecordForm(forms.Form):
    """A lesson's topic, homework and note."""

    topic = forms.CharField(label=_("Topic"), required=False, max_length=500)
    homework = forms.CharField(
        label=_("Homework"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note on the lesson"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For the journal only: the diary does not show it."),
    )


class AssignmentAddForm(forms.Form):
    """Another assignment in a lesson (a test, an oral answer …), a column of its own."""

    work_type = forms.ModelChoiceField(label=_("Work type"), queryset=WorkType.objects.none())
    title = forms.CharField(label=_("Title"), required=False, max_length=300)

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["work_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = WorkType.objects.filter(school=school, is_active=True).order_by(
            "position", "name"
        )
