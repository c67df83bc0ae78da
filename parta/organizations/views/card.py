"""The school card: everyone in the school reads it, the school administration keeps it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import RegistryFormView
from parta.core.validation import fmt
from parta.organizations.forms import SchoolCardForm
from parta.organizations.models import Organization
from parta.organizations.services.organizations import school_card_update


def card_rows(org: Organization) -> list[tuple[Any, Any]]:
    """(label, value) of the card's filled-in fields, for display."""
    rows: list[tuple[Any, Any]] = []
    for name in (
        "full_name",
        "short_name",
        "kind",
        "school_type",
        "address",
        "director_name",
        "phone",
        "email",
        "website",
        "inn",
        "kpp",
        "ogrn",
        "licence_number",
        "licence_date",
        "accreditation_number",
        "accreditation_date",
        "accreditation_valid_until",
        "timezone",
    ):
        field = Organization._meta.get_field(name)
        assert isinstance(field, models.Field)  # card fields are concrete columns
        value: Any = getattr(org, name)
        if field.choices:
            value = getattr(org, f"get_{name}_display")()
        elif isinstance(value, datetime.date):
            value = fmt(value)
        if value not in (None, ""):
            rows.append((field.verbose_name, value))
    return rows


class SchoolCardView(SchoolContextMixin, TemplateView):
    """The public card of the school: anyone with a role in it (and the municipality) reads."""

    template_name = "organizations/card.html"
    required_access = "read"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.school.short_name,
            organization=self.school,
            rows=card_rows(self.school),
            edit_url=(
                reverse("organizations:card_edit", args=[self.school.pk])
                if context["can_admin"]
                else None
            ),
        )
        return context


class SchoolCardEditView(RegistryFormView):
    """Every field of the card but the kind and the place in the tree."""

    model = Organization
    form_class = SchoolCardForm
    title_edit = _("School card")
    list_url_name = "organizations:card"

    def get_object(self) -> Organization:
        # A fresh copy: a form that fails must not leave its values on `self.school`.
        return Organization.objects.get(pk=self.school.pk)

    def save(self, form: Any) -> Organization:
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        return school_card_update(actor=self.actor, school=form.instance, data=data)
