"""Forms of the school structure pages. They parse input only: the rules are in the models'
`clean()` and in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.forms import model_choice_field
from parta.core.registry import SchoolModelForm
from parta.organizations.models import (
    AcademicYear,
    Building,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
)
from parta.organizations.services.calendar import MAX_PERIOD_NUMBER, MAX_ROWS
from parta.organizations.services.organizations import CARD_FIELDS


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _years(school: Any) -> Any:
    return AcademicYear.objects.filter(school=school)


# --- buildings and rooms -------------------------------------------------------------------


class BuildingForm(SchoolModelForm):
    class Meta:
        model = Building
        fields = ["name", "address"]


class RoomForm(SchoolModelForm):
    school_scoped_fields = {"building": lambda school: Building.objects.filter(school=school)}

    class Meta:
        model = Room
        fields = ["number", "name", "building", "capacity"]


class RoomFilterForm(forms.Form):
    building = forms.ModelChoiceField(
        label=_("Building"), queryset=Building.objects.none(), required=False, empty_label=_("all")
    )
    min_capacity = forms.IntegerField(label=_("Seats, at least"), required=False, min_value=0)

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["building"]).queryset = Building.objects.filter(
            school=school
        )


# --- the school year -----------------------------------------------------------------------


class AcademicYearForm(SchoolModelForm):
    class Meta:
        model = AcademicYear
        fields = ["name", "start_date", "end_date"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class YearFilterForm(forms.Form):
    academic_year = forms.ModelChoiceField(
        label=_("Academic year"),
        queryset=AcademicYear.objects.none(),
        required=False,
        empty_label=_("all"),
    )

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self.fields["academic_year"]).queryset = _years(school)


class _SetForm(SchoolModelForm):
    """A period or holiday set; its year is chosen once, when the set is created."""

    school_scoped_fields = {"academic_year": _years}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            field = self.fields["academic_year"]
            field.disabled = True
            field.help_text = _("The year of a saved set cannot be changed.")


class PeriodSetForm(_SetForm):
    class Meta:
        model = PeriodSet
        fields = ["academic_year", "kind", "name"]


class HolidaySetForm(_SetForm):
    class Meta:
        model = HolidaySet
        fields = ["academic_year", "name", "is_main"]


class _RowForm(forms.Form):
    """One row of a set's table. `id` names an existing row; a blank extra row is ignored."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=100)
    start_date = forms.DateField(label=_("Start"), widget=DateInput())
    end_date = forms.DateField(label=_("End"), widget=DateInput())

    #: the fields that make a row (everything but `id` and the delete box)
    row_fields: tuple[str, ...] = ("name", "start_date", "end_date")


class PeriodRowForm(_RowForm):
    number = forms.IntegerField(label=_("No."), min_value=1, max_value=MAX_PERIOD_NUMBER)
    field_order = ["id", "number", "name", "start_date", "end_date"]
    row_fields = ("number", "name", "start_date", "end_date")


class HolidayRowForm(_RowForm):
    pass


class _RowFormSet(forms.BaseFormSet[Any]):
    def raw_rows(self) -> list[dict[str, Any]]:
        """The rows as typed (not validated), blank new rows left out: to redraw the table
        after "add a row" or "fill typical dates" without showing errors."""
        rows = []
        for form in self.forms:
            values = {name: form[name].value() for name in ("id", *form.row_fields)}
            if not values["id"] and not any(values[name] for name in form.row_fields):
                continue
            values["DELETE"] = bool(form["DELETE"].value()) if self.can_delete else False
            rows.append(values)
        return rows


def row_formset(
    form: type[_RowForm], *, extra: int, can_delete: bool = True
) -> type[forms.BaseFormSet[Any]]:
    return forms.formset_factory(
        form,
        formset=_RowFormSet,
        extra=extra,
        can_delete=can_delete,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


# --- the organization card and tree --------------------------------------------------------


def _card_formfield(field: Any, **kwargs: Any) -> Any:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


_CARD_WIDGETS = {
    "licence_date": DateInput(),
    "accreditation_date": DateInput(),
    "accreditation_valid_until": DateInput(),
    "address": forms.TextInput(),
}


class SchoolCardForm(forms.ModelForm[Any]):
    """The card a school administrator keeps: names, type, contacts, identifiers, licence."""

    class Meta:
        model = Organization
        fields = list(CARD_FIELDS)
        widgets = _CARD_WIDGETS
        formfield_callback = _card_formfield

    def __init__(self, *args: Any, school: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class OrganizationForm(forms.ModelForm[Any]):
    """A node of the tree (system administrators): its kind is chosen once."""

    class Meta:
        model = Organization
        fields = ["kind", "parent", *CARD_FIELDS, "is_active"]
        widgets = _CARD_WIDGETS
        formfield_callback = _card_formfield

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = Organization.objects.exclude(kind__in=Organization.SCHOOL_KINDS)
        if self.instance.pk is not None:
            parents = parents.exclude(pk=self.instance.pk)
            self.fields["kind"].disabled = True
        parent_field = self.fields["parent"]
        model_choice_field(parent_field).queryset = parents.order_by("kind", "short_name")
        parent_field.help_text = _(
            "A municipality belongs to a region; a school or college to a municipality or a "
            "region; a region to nothing."
        )
