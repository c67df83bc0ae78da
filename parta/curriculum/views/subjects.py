"""Subjects: the federal catalogue (read-only, shared by every school) and the school's own."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.curriculum.forms import SubjectFilterForm, SubjectForm
from parta.curriculum.models import Subject


class SubjectListView(RegistryListView):
    model = Subject
    title = gettext_lazy("Subjects")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Abbreviation"), "short_name"),
        Column(gettext_lazy("Code"), "code"),
        Column(
            gettext_lazy("List"),
            lambda s: _("federal") if s.is_federal else _("the school's own"),
        ),
        Column(gettext_lazy("In use"), lambda s: _("yes") if s.is_active else _("no")),
    )
    search_fields = ("name", "short_name", "code")
    filter_form_class = SubjectFilterForm
    create_url_name = "curriculum:subject_create"
    edit_url_name = "curriculum:subject_edit"
    paginate_by = 50

    def base_queryset(self) -> models.QuerySet[Any]:
        return Subject.objects.for_school(self.school).order_by("name", "pk")

    def apply_filters(self, qs: models.QuerySet[Any], data: dict[str, Any]) -> models.QuerySet[Any]:
        if data.get("source") == SubjectFilterForm.SOURCE_FEDERAL:
            qs = qs.filter(school__isnull=True)
        elif data.get("source") == SubjectFilterForm.SOURCE_SCHOOL:
            qs = qs.filter(school=self.school)
        if data.get("active"):
            qs = qs.filter(is_active=data["active"] == "yes")
        return qs

    def is_row_editable(self, obj: Any) -> bool:
        return not obj.is_federal


class SubjectFormView(RegistryFormView):
    """Create or edit a subject of the school; a federal subject is not found here (404)."""

    model = Subject
    form_class = SubjectForm
    title_create = gettext_lazy("New subject")
    title_edit = gettext_lazy("Subject")
    list_url_name = "curriculum:subject_list"
