"""Forms of the subject pages (parsing only; the rules are `Subject.clean()`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parta.core.registry import SchoolModelForm
from parta.curriculum.models import Subject


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
