"""The school's journal settings for its administration: the work types with their weights, the
averaging rule and the edit window, and the classes or subjects taught without marks."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import (
    Column,
    RegistryFormView,
    RegistryListView,
    SchoolModelForm,
    add_validation_errors,
)
from parta.core.services.records import record_create, record_delete, record_update
from parta.curriculum.models import Subject
from parta.journal.models import JournalSettings, MarkFreeSubject, MarkScale, WorkType
from parta.people.models import SchoolClass


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


# Work types --------------------------------------------------------------------------------


class WorkTypeForm(SchoolModelForm):
    class Meta:
        model = WorkType
        fields = ["name", "abbreviation", "weight", "is_homework", "is_active", "position"]
        help_texts = {
            "weight": gettext_lazy(
                "Its share in the weighted average: 1 for an answer, 3 for a test."
            ),
            "is_active": gettext_lazy("Untick to stop offering it; its marks stay."),
        }


class WorkTypeListView(RegistryListView):
    model = WorkType
    title = gettext_lazy("Work types")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Abbreviation"), "abbreviation"),
        Column(gettext_lazy("Weight"), "weight"),
        Column(gettext_lazy("Homework"), lambda w: _yes_no(w.is_homework)),
        Column(gettext_lazy("In use"), lambda w: _yes_no(w.is_active)),
    )
    search_fields = ("name", "abbreviation")
    create_url_name = "journal_settings:work_type_create"
    edit_url_name = "journal_settings:work_type_edit"
    paginate_by = 50

    def base_queryset(self) -> models.QuerySet[Any]:
        return WorkType.objects.filter(school=self.school).order_by("position", "name", "pk")


class WorkTypeFormView(RegistryFormView):
    model = WorkType
    form_class = WorkTypeForm
    title_create = gettext_lazy("New work type")
    title_edit = gettext_lazy("Work type")
    list_url_name = "journal_settings:work_type_list"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.object is None:
            kwargs["instance"] = WorkType(school=self.school)
        return kwargs


# Classes and subjects without marks --------------------------------------------------------


class MarkFreeForm(SchoolModelForm):
    school_scoped_fields: ClassVar[dict[str, Any]] = {
        "school_class": lambda school: SchoolClass.objects.filter(school=school).order_by(
            "-academic_year__start_date", "grade", "letter"
        ),
        "subject": lambda school: Subject.objects.filter(
            Q(school__isnull=True) | Q(school=school)
        ).order_by("name"),
    }

    class Meta:
        model = MarkFreeSubject
        fields = ["school_class", "subject"]


class MarkFreeListView(RegistryListView):
    model = MarkFreeSubject
    title = gettext_lazy("Classes and subjects without marks")
    columns = (
        Column(gettext_lazy("Class"), "school_class"),
        Column(
            gettext_lazy("Subject"),
            lambda row: row.subject.name if row.subject else _("all subjects"),
        ),
    )
    search_fields = ()
    create_url_name = "journal_settings:mark_free_create"
    edit_url_name = "journal_settings:mark_free_edit"
    select_related = ("school_class", "subject")
    paginate_by = 50

    def base_queryset(self) -> models.QuerySet[Any]:
        return MarkFreeSubject.objects.filter(school=self.school).order_by(
            "school_class__grade", "school_class__letter", "subject__name", "pk"
        )


class MarkFreeFormView(RegistryFormView):
    model = MarkFreeSubject
    form_class = MarkFreeForm
    title_create = gettext_lazy("New class or subject without marks")
    title_edit = gettext_lazy("Class or subject without marks")
    list_url_name = "journal_settings:mark_free_list"
    delete_url_name = "journal_settings:mark_free_delete"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        if self.object is None:
            kwargs["instance"] = MarkFreeSubject(school=self.school)
        return kwargs


class MarkFreeDeleteView(SchoolContextMixin, View):
    """Confirm (GET) and remove (POST) a «без отметок» row: marks may be entered again."""

    required_access = "admin"
    template_name = "journal/settings/mark_free_delete.html"

    def _object(self, pk: int) -> MarkFreeSubject:
        found = (
            MarkFreeSubject.objects.filter(pk=pk, school=self.school)
            .select_related("school_class", "subject")
            .first()
        )
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def _list_url(self) -> str:
        return reverse("journal_settings:mark_free_list", kwargs={"school_id": self.school.pk})

    def get(self, request: Any, school_id: int, pk: int) -> HttpResponse:
        context = self.get_context_data(object=self._object(pk), list_url=self._list_url())
        return render(request, self.template_name, context)

    def post(self, request: Any, school_id: int, pk: int) -> HttpResponse:
        row = self._object(pk)
        record_delete(actor=self.actor, instance=row)
        messages.success(request, _("Deleted: %(obj)s.") % {"obj": row})
        return HttpResponseRedirect(self._list_url())


# The settings form ---------------------------------------------------------------------------


class JournalSettingsForm(forms.ModelForm[JournalSettings]):
    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["mark_scale"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = MarkScale.objects.filter(
            Q(school__isnull=True) | Q(school=school)
        ).order_by("name")

    class Meta:
        model = JournalSettings
        fields = [
            "mark_scale",
            "averaging",
            "rounding_threshold",
            "min_marks",
            "edit_window_days",
            "class_teacher_final_marks",
        ]


class JournalSettingsView(SchoolContextMixin, FormView[JournalSettingsForm]):
    """One form: the school's scale, averaging, rounding threshold, minimum marks, edit window
    and whether class teachers set final marks. A school without settings gets a row on its
    first save."""

    required_access = "admin"
    form_class = JournalSettingsForm
    template_name = "journal/settings/settings_form.html"

    def _current(self) -> JournalSettings:
        found = JournalSettings.objects.filter(school=self.school).first()
        return found if found is not None else JournalSettings(school=self.school)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        kwargs["instance"] = self._current()
        return kwargs

    def get_success_url(self) -> str:
        return reverse("journal_settings:settings", kwargs={"school_id": self.school.pk})

    def form_valid(self, form: JournalSettingsForm) -> HttpResponse:
        instance = form.instance
        try:
            if instance.pk is None:
                saved = record_create(actor=self.actor, instance=instance)
            else:
                data = {name: form.cleaned_data[name] for name in form.changed_data}
                saved = record_update(actor=self.actor, instance=instance, data=data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(obj)s.") % {"obj": saved})
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Journal settings")
        context["links"] = [
            (
                _("Work types"),
                reverse("journal_settings:work_type_list", kwargs={"school_id": self.school.pk}),
            ),
            (
                _("Classes and subjects without marks"),
                reverse("journal_settings:mark_free_list", kwargs={"school_id": self.school.pk}),
            ),
        ]
        return context
