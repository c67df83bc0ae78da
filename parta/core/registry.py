"""Generic list / create / edit pages for the school's registries (rooms, years, classes …).

A registry page is a small declaration: the model, the columns, the search fields, the filter
form, the model form and the service that writes. The list costs the same number of queries for
5 rows or 5,000 (subclasses declare `select_related`/`prefetch_related` for their columns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from parta.core.forms import model_choice_field
from parta.core.mixins import SchoolContextMixin
from parta.core.services.records import record_create, record_update


@dataclass(frozen=True)
class Column:
    label: str | Promise
    accessor: str | Callable[[Any], Any]
    link: bool = False

    def value(self, obj: Any) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        value: Any = obj
        for part in self.accessor.split("."):
            value = getattr(value, part, None)
            if value is None:
                return ""
            if callable(value) and not isinstance(value, models.Manager):
                value = value()
        return value


class RegistryListView(SchoolContextMixin, ListView[Any]):
    """A searchable, filterable, paginated list of one school-owned model."""

    template_name = "core/registry_list.html"
    paginate_by = 25
    required_access = "whole_school"
    columns: ClassVar[Sequence[Column]] = ()
    search_fields: ClassVar[Sequence[str]] = ()
    #: A form class taking `school=` as a keyword argument (filter choices of that school).
    filter_form_class: ClassVar[Callable[..., forms.Form] | None] = None
    title: ClassVar[str | Promise] = ""
    create_url_name: ClassVar[str | None] = None
    edit_url_name: ClassVar[str | None] = None
    select_related: ClassVar[Sequence[str]] = ()
    prefetch_related: ClassVar[Sequence[str]] = ()

    def base_queryset(self) -> models.QuerySet[Any]:
        assert self.model is not None
        return self.model._default_manager.filter(school=self.school)

    def get_queryset(self) -> models.QuerySet[Any]:
        qs = self.base_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        query = self.request.GET.get("q", "").strip()
        if query and self.search_fields:
            condition = Q()
            for term in query.split():
                term_q = Q()
                for name in self.search_fields:
                    term_q |= Q(**{f"{name}__icontains": term})
                condition &= term_q
            qs = qs.filter(condition)
        self.filter_form = None
        if self.filter_form_class is not None:
            self.filter_form = self.filter_form_class(self.request.GET or None, school=self.school)
            if self.filter_form.is_valid():
                qs = self.apply_filters(qs, self.filter_form.cleaned_data)
        return qs

    def is_row_editable(self, obj: Any) -> bool:
        """Rows for which the list offers no edit link (e.g. the federal subject catalogue)."""
        return True

    def apply_filters(self, qs: models.QuerySet[Any], data: dict[str, Any]) -> models.QuerySet[Any]:
        filters = {key: value for key, value in data.items() if value not in (None, "", [])}
        return qs.filter(**filters)

    def get_template_names(self) -> list[str]:
        if (
            getattr(self.request, "htmx", False)
            and self.request.headers.get("HX-Target") == "registry-table"
        ):
            return [f"{self.template_name}#table"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title,
            columns=self.columns,
            rows=[
                (obj, [(column.label, column.value(obj)) for column in self.columns])
                for obj in context["object_list"]
            ],
            query=self.request.GET.get("q", ""),
            filter_form=self.filter_form,
            create_url=(
                reverse(self.create_url_name, kwargs={"school_id": self.school.pk})
                if self.create_url_name and context["can_admin"]
                else None
            ),
            edit_url_name=self.edit_url_name if context["can_admin"] else None,
            read_only_pks=(
                {obj.pk for obj in context["object_list"] if not self.is_row_editable(obj)}
                if self.edit_url_name and context["can_admin"]
                else set()
            ),
            querystring=self._querystring_without_page(),
        )
        return context

    def _querystring_without_page(self) -> str:
        params = self.request.GET.copy()
        params.pop("page", None)
        return params.urlencode()


class SchoolModelForm(forms.ModelForm[Any]):
    """A model form whose related-object choices are limited to the current school."""

    school_scoped_fields: ClassVar[dict[str, Callable[[Any], models.QuerySet[Any]]]] = {}

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.instance.school = school
        for name, queryset_for in self.school_scoped_fields.items():
            if name in self.fields:
                model_choice_field(self.fields[name]).queryset = queryset_for(school)


class RegistryFormView(SchoolContextMixin, FormView[Any]):
    """Create (no `pk`) or edit one record through the records service (validate, write,
    audit in one transaction)."""

    template_name = "core/registry_form.html"
    required_access = "admin"
    model: ClassVar[type[models.Model]]
    title_create: ClassVar[str | Promise] = ""
    title_edit: ClassVar[str | Promise] = ""
    list_url_name: ClassVar[str]
    #: when set, the edit page links to this delete-confirmation page (args: school, pk)
    delete_url_name: ClassVar[str | None] = None
    object: models.Model | None = None

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> models.Model | None:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        found = self.model._default_manager.filter(pk=pk, school=self.school).first()
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def get_form_kwargs(self) -> dict[str, Any]:
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs["school"] = self.school
        if self.object is not None:
            kwargs["instance"] = self.object
        return kwargs

    def get_success_url(self) -> str:
        return reverse(self.list_url_name, kwargs={"school_id": self.school.pk})

    def save(self, form: Any) -> models.Model:
        instance = form.instance
        if self.object is None:
            m2m = {name: form.cleaned_data[name] for name in self._m2m_fields(form)}
            return record_create(actor=self.actor, instance=instance, m2m=m2m)
        data = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name not in self._m2m_fields(form)
        }
        m2m = {
            name: form.cleaned_data[name]
            for name in self._m2m_fields(form)
            if name in form.changed_data
        }
        return record_update(actor=self.actor, instance=instance, data=data, m2m=m2m or None)

    @staticmethod
    def _m2m_fields(form: Any) -> list[str]:
        return [f.name for f in form.instance._meta.many_to_many if f.name in form.fields]

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            saved = self.save(form)
        except ValidationError as exc:
            _add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved: %(obj)s.") % {"obj": saved})
        return HttpResponseRedirect(self.saved_url(saved))

    def saved_url(self, saved: models.Model) -> str:
        """Where to go after a successful save (the list, unless a page has its own)."""
        return self.get_success_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = self.title_edit if self.object is not None else self.title_create
        context["object"] = self.object
        context["list_url"] = self.get_success_url()
        context["delete_url"] = (
            reverse(
                self.delete_url_name, kwargs={"school_id": self.school.pk, "pk": self.object.pk}
            )
            if self.delete_url_name and self.object is not None
            else None
        )
        return context


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


add_validation_errors = _add_errors
