from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parta.core.registry import SchoolModelForm
from parta.organizations.models import Building, Room


class RoomForm(SchoolModelForm):
    school_scoped_fields = {"building": lambda school: Building.objects.filter(school=school)}

    class Meta:
        model = Room
        fields = ["number", "name", "building", "capacity"]


class RoomFilterForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False, empty_label=_("all")
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["building"].queryset = Building.objects.filter(school=school)  # type: ignore[attr-defined]
