"""Typed access to form fields whose querysets or choices a form narrows at run time.

`form.fields[name]` is typed as a plain `Field`; these helpers check the real class once, so
forms narrow choices without silencing the type checker.
"""

from __future__ import annotations

from typing import Any

from django import forms


def model_choice_field(field: forms.Field) -> forms.ModelChoiceField[Any]:
    """The field as a (multiple) model choice field, to set `queryset`, `empty_label` …"""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{field!r} is not a model choice field")
    return field


def choice_field(field: forms.Field) -> forms.ChoiceField:
    """The field as a (multiple) choice field, to set `choices`."""
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{field!r} is not a choice field")
    return field
