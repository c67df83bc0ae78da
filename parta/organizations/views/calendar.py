"""The school year: academic years, period sets with their periods, holiday sets with their
holidays. A set and its rows are edited on one page and saved whole by one service call."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.core.registry import Column, RegistryFormView, RegistryListView
from parta.core.validation import fmt
from parta.organizations import forms as f
from parta.organizations.models import AcademicYear, HolidaySet, PeriodSet
from parta.organizations.services import calendar
from parta.organizations.views.base import RecordDeleteView

# --- academic years ------------------------------------------------------------------------


class AcademicYearListView(RegistryListView):
    model = AcademicYear
    title = gettext_lazy("Academic years")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Start"), lambda y: fmt(y.start_date)),
        Column(gettext_lazy("End"), lambda y: fmt(y.end_date)),
    )
    search_fields = ("name",)
    create_url_name = "organizations:year_create"
    edit_url_name = "organizations:year_edit"


class AcademicYearFormView(RegistryFormView):
    model = AcademicYear
    form_class = f.AcademicYearForm
    title_create = gettext_lazy("New academic year")
    title_edit = gettext_lazy("Academic year")
    list_url_name = "organizations:year_list"


# --- lists of sets -------------------------------------------------------------------------


def _dated_rows(rows: Any) -> str:
    return "; ".join(f"{row.name}: {fmt(row.start_date)}–{fmt(row.end_date)}" for row in rows)


class PeriodSetListView(RegistryListView):
    model = PeriodSet
    title = gettext_lazy("Period sets")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Academic year"), "academic_year.name"),
        Column(gettext_lazy("Periods"), lambda s: _dated_rows(s.periods.all())),
    )
    search_fields = ("name",)
    filter_form_class = f.YearFilterForm
    select_related = ("academic_year",)
    prefetch_related = ("periods",)
    create_url_name = "organizations:period_set_create"
    edit_url_name = "organizations:period_set_edit"


class HolidaySetListView(RegistryListView):
    model = HolidaySet
    title = gettext_lazy("Holiday sets")
    columns = (
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Academic year"), "academic_year.name"),
        Column(gettext_lazy("Main"), lambda s: _("yes") if s.is_main else _("no")),
        Column(gettext_lazy("Holidays"), lambda s: _dated_rows(s.holidays.all())),
    )
    search_fields = ("name",)
    filter_form_class = f.YearFilterForm
    select_related = ("academic_year",)
    prefetch_related = ("holidays",)
    create_url_name = "organizations:holiday_set_create"
    edit_url_name = "organizations:holiday_set_edit"


# --- a set with its rows -------------------------------------------------------------------


class SetEditView(SchoolContextMixin, TemplateView):
    """Create (no `pk`) or edit a set and its rows on one page.

    Buttons: "Save" (one service call: everything or nothing), "Add a row" and "Fill typical
    dates" (redraw the page with the rows as typed plus a blank row or typical dates; nothing
    is saved). With htmx only the form is swapped.
    """

    template_name = "organizations/set_form.html"
    required_access = "admin"
    model: ClassVar[type[PeriodSet] | type[HolidaySet]]
    form_class: ClassVar[type[f.PeriodSetForm] | type[f.HolidaySetForm]]
    row_form_class: ClassVar[type[f.PeriodRowForm] | type[f.HolidayRowForm]]
    prefix: ClassVar[str]
    title_create: ClassVar[str | Promise]
    title_edit: ClassVar[str | Promise]
    list_url_name: ClassVar[str]
    delete_url_name: ClassVar[str]
    rows_title: ClassVar[str | Promise]
    #: spare blank rows under the filled ones
    spare_rows: ClassVar[int] = 1
    new_set_rows: ClassVar[int] = 4
    object: Any = None

    # subclasses: the service, a row from a form's cleaned data, typical rows
    def save_set(self, instance: Any, data: dict[str, Any], rows: list[Any]) -> Any:
        raise NotImplementedError

    def make_row(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def typical_rows(self, year: AcademicYear, values: dict[str, Any]) -> list[Any]:
        raise NotImplementedError

    def existing_rows(self, obj: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    # --- plumbing
    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.row_fields = self.row_form_class.row_fields

    def get_object(self) -> Any:
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        found = self.model.objects.filter(pk=pk, school=self.school).first()
        if found is None:
            raise Http404(_("Record not found."))
        return found

    def new_instance(self) -> Any:
        return self.model(school=self.school)

    def make_form(self, data: Any = None, initial: dict[str, Any] | None = None) -> Any:
        return self.form_class(
            data,
            instance=self.object if self.object is not None else self.new_instance(),
            school=self.school,
            initial=initial,
        )

    def make_formset(
        self, data: Any = None, initial: list[dict[str, Any]] | None = None, extra: int = 1
    ) -> Any:
        formset_class = f.row_formset(self.row_form_class, extra=extra)
        return formset_class(data, initial=initial, prefix=self.prefix)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        initial: dict[str, Any] = {}
        year_id = request.GET.get("year", "")
        if self.object is None and year_id.isdigit():
            initial["academic_year"] = year_id
        rows = self.existing_rows(self.object) if self.object is not None else []
        extra = self.spare_rows if rows else self.new_set_rows
        return self.render(
            self.make_form(initial=initial), self.make_formset(initial=rows, extra=extra)
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        form = self.make_form(request.POST)
        formset = self.make_formset(request.POST)
        action = request.POST.get("action", "save")
        if action in ("add_row", "fill") and formset.management_form.is_valid():
            return self.redraw(form, formset, fill=action == "fill")
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset, failed=True)
        rows, row_forms = [], []
        for row_form in formset.forms:
            data = row_form.cleaned_data
            if data.get("DELETE") or not (
                data.get("id") or any(data.get(name) for name in self.row_fields)
            ):
                continue
            rows.append(self.make_row(data))
            row_forms.append(row_form)
        data = {
            name: form.cleaned_data[name] for name in form.fields if not form[name].field.disabled
        }
        try:
            saved = self.save_set(form.instance, data, rows)
        except calendar.SetRowsError as exc:
            for name, errors in exc.set_errors.items():
                form.add_error(name if name in form.fields else None, errors)
            for index, errors_by_field in exc.row_errors.items():
                for name, errors in errors_by_field.items():
                    target = name if name in row_forms[index].fields else None
                    row_forms[index].add_error(target, errors)
            return self.render(form, formset, failed=True)
        messages.success(request, _("Saved: %(obj)s.") % {"obj": saved})
        return HttpResponseRedirect(reverse(self.list_url_name, args=[self.school.pk]))

    def redraw(self, form: Any, formset: Any, *, fill: bool) -> HttpResponse:
        """The page again, from the values as typed, without judging them yet."""
        values = {name: form[name].value() for name in form.fields}
        rows = formset.raw_rows()
        notice = None
        if fill:
            year = self.object.academic_year if self.object is not None else None
            if year is None and str(values.get("academic_year") or "").isdigit():
                year = AcademicYear.objects.filter(
                    school=self.school, pk=int(values["academic_year"])
                ).first()
            if year is None:
                notice = _("Choose the academic year first: typical dates depend on it.")
            else:
                rows = self._fill(rows, self.typical_rows(year, values))
        blank = self.spare_rows if fill else self._blank_count(formset) + 1
        return self.render(
            self.make_form(initial=values),
            self.make_formset(initial=rows, extra=blank),
            notice=notice,
        )

    def _blank_count(self, formset: Any) -> int:
        return max(0, len(formset.forms) - len(formset.raw_rows()))

    def _fill(self, typed: list[dict[str, Any]], typical: list[Any]) -> list[dict[str, Any]]:
        """Typical rows take over the existing rows in order (so they are changed, not deleted
        and created again); existing rows left over are ticked for deletion."""
        ids = [row["id"] for row in typed if row.get("id")]
        result = []
        for index, row in enumerate(typical):
            values = {name: getattr(row, name) for name in self.row_fields}
            values["id"] = ids[index] if index < len(ids) else None
            result.append(values)
        result.extend(
            {**row, "DELETE": True}
            for row in typed
            if row.get("id") and row["id"] in ids[len(typical) :]
        )
        return result

    def render(
        self, form: Any, formset: Any, *, failed: bool = False, notice: str | None = None
    ) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(form=form, formset=formset, failed=failed, notice=notice)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=self.title_edit if self.object is not None else self.title_create,
            object=self.object,
            rows_title=self.rows_title,
            list_url=reverse(self.list_url_name, args=[self.school.pk]),
            delete_url=(
                reverse(self.delete_url_name, args=[self.school.pk, self.object.pk])
                if self.object is not None
                else None
            ),
            row_labels=[self.row_form_class.base_fields[name].label for name in self.row_fields],
        )
        return context


class PeriodSetEditView(SetEditView):
    model = PeriodSet
    form_class = f.PeriodSetForm
    row_form_class = f.PeriodRowForm
    prefix = "periods"
    title_create = gettext_lazy("New period set")
    title_edit = gettext_lazy("Period set")
    rows_title = gettext_lazy("Study periods")
    list_url_name = "organizations:period_set_list"
    delete_url_name = "organizations:period_set_delete"

    def save_set(self, instance: Any, data: dict[str, Any], rows: list[Any]) -> Any:
        return calendar.period_set_save(
            actor=self.actor, period_set=instance, data=data, periods=rows
        )

    def make_row(self, data: dict[str, Any]) -> calendar.PeriodRow:
        return calendar.PeriodRow(
            pk=data.get("id"),
            number=data.get("number"),
            name=data.get("name", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
        )

    def typical_rows(self, year: AcademicYear, values: dict[str, Any]) -> list[Any]:
        return calendar.typical_periods(str(values.get("kind") or "quarters"), year)

    def existing_rows(self, obj: PeriodSet) -> list[dict[str, Any]]:
        return [
            {
                "id": p.pk,
                "number": p.number,
                "name": p.name,
                "start_date": p.start_date,
                "end_date": p.end_date,
            }
            for p in obj.periods.order_by("number")
        ]


class HolidaySetEditView(SetEditView):
    model = HolidaySet
    form_class = f.HolidaySetForm
    row_form_class = f.HolidayRowForm
    prefix = "holidays"
    title_create = gettext_lazy("New holiday set")
    title_edit = gettext_lazy("Holiday set")
    rows_title = gettext_lazy("Holidays")
    list_url_name = "organizations:holiday_set_list"
    delete_url_name = "organizations:holiday_set_delete"
    new_set_rows = 3

    def save_set(self, instance: Any, data: dict[str, Any], rows: list[Any]) -> Any:
        return calendar.holiday_set_save(
            actor=self.actor, holiday_set=instance, data=data, holidays=rows
        )

    def make_row(self, data: dict[str, Any]) -> calendar.HolidayRow:
        return calendar.HolidayRow(
            pk=data.get("id"),
            name=data.get("name", ""),
            start_date=data.get("start_date"),
            end_date=data.get("end_date"),
        )

    def typical_rows(self, year: AcademicYear, values: dict[str, Any]) -> list[Any]:
        return calendar.typical_holidays(year, main=bool(values.get("is_main")))

    def existing_rows(self, obj: HolidaySet) -> list[dict[str, Any]]:
        return [
            {"id": h.pk, "name": h.name, "start_date": h.start_date, "end_date": h.end_date}
            for h in obj.holidays.order_by("start_date")
        ]


class PeriodSetDeleteView(RecordDeleteView):
    model = PeriodSet
    title = gettext_lazy("Delete the period set")
    list_url_name = "organizations:period_set_list"
    edit_url_name = "organizations:period_set_edit"

    def delete(self, obj: Any) -> None:
        calendar.period_set_delete(actor=self.actor, period_set=obj)

    def note(self, obj: Any) -> str | None:
        count = obj.periods.count()
        return (
            ngettext(
                "Its %(count)s study period is deleted with it.",
                "Its %(count)s study periods are deleted with it.",
                count,
            )
            % {"count": count}
            if count
            else None
        )


class HolidaySetDeleteView(RecordDeleteView):
    model = HolidaySet
    title = gettext_lazy("Delete the holiday set")
    list_url_name = "organizations:holiday_set_list"
    edit_url_name = "organizations:holiday_set_edit"

    def delete(self, obj: Any) -> None:
        calendar.holiday_set_delete(actor=self.actor, holiday_set=obj)

    def note(self, obj: Any) -> str | None:
        count = obj.holidays.count()
        return (
            ngettext(
                "Its %(count)s holiday period is deleted with it.",
                "Its %(count)s holiday periods are deleted with it.",
                count,
            )
            % {"count": count}
            if count
            else None
        )
