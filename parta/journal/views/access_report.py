"""The journal access report page of the school administration (a filter form, the table,
pagination) and its XLSX export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.curriculum.models import Subject
from parta.journal.access_report import (
    ACTION_LABELS,
    MAX_EXPORT_ROWS,
    ReportFilter,
    ReportKind,
    access_report,
    filter_arguments,
    may_read_access_report,
    report_events,
    report_filter,
    report_users,
    report_workbook,
    user_name,
)
from parta.people.models import SchoolClass

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class AccessReportForm(forms.Form):
    """The filter, as GET parameters; the report's own checks (the range, the school) run in
    `report_filter`."""

    date_from = forms.DateField(label=gettext_lazy("From"), required=False)
    date_to = forms.DateField(label=gettext_lazy("To"), required=False)
    school_class = forms.TypedChoiceField(
        label=gettext_lazy("Class"), required=False, coerce=int, empty_value=None
    )
    subject = forms.TypedChoiceField(
        label=gettext_lazy("Subject"), required=False, coerce=int, empty_value=None
    )
    user = forms.TypedChoiceField(
        label=gettext_lazy("User"), required=False, coerce=int, empty_value=None
    )
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)

    def __init__(self, *args: Any, school: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = [("", _("all"))]
        classes = SchoolClass.objects.filter(school=school).select_related("academic_year")
        field_choices = {
            "school_class": [
                (c.pk, f"{c.name} ({c.academic_year})")
                for c in classes.order_by("-academic_year__start_date", "grade", "letter")
            ],
            "subject": list(
                Subject.objects.for_school(school).order_by("name").values_list("pk", "name")
            ),
            "user": [(u.pk, user_name(u)) for u in report_users(school)],
            "action": list(ACTION_LABELS.items()),
            "kind": list(ReportKind.choices),
        }
        for name, choices in field_choices.items():
            self.fields[name].choices = anything + choices  # type: ignore[attr-defined]
        for name in ("date_from", "date_to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AccessReportMixin(SchoolContextMixin):
    """The administration of the school and the municipal specialists reading it."""

    required_access = "read"

    def has_school_access(self) -> bool:
        return may_read_access_report(self.access, self.school.pk)

    def report_form(self) -> AccessReportForm:
        return AccessReportForm(self.request.GET or None, school=self.school)

    def rules(self, form: AccessReportForm) -> ReportFilter | None:
        """The checked filter, or None with the refusals added to the form."""
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        if form.is_bound and form.errors:
            return None
        try:
            return report_filter(
                school=self.school,
                **filter_arguments(data),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
            return None


class AccessReportView(AccessReportMixin, TemplateView):
    template_name = "journal/access_report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.report_form()
        rules = self.rules(form)
        report = None
        query = ""
        if rules is not None:
            report = access_report(
                school=self.school,
                rules=rules,
                page=self.request.GET.get("page", 1),
                page_size=self.request.GET.get("page_size"),
            )
            size = self.request.GET.get("page_size", "")
            query = urlencode(rules.as_query() | ({"page_size": size} if size.isdigit() else {}))
            if not form.is_bound:
                form = AccessReportForm(
                    initial={"date_from": rules.date_from, "date_to": rules.date_to},
                    school=self.school,
                )
        context.update(
            title=_("Journal access report"),
            form=form,
            report=report,
            query=query,
            max_export_rows=MAX_EXPORT_ROWS,
        )
        return context


class AccessReportExportView(AccessReportMixin, TemplateView):
    """The rows of the same filter as an XLSX workbook (at most 20 000 rows)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.report_form()
        rules = self.rules(form)
        back = reverse("journal:access_report", args=[self.school.pk])
        if rules is None:
            messages.error(
                request, " ".join(str(e) for errors in form.errors.values() for e in errors)
            )
            return HttpResponseRedirect(back)
        count = report_events(self.school, rules).count()
        if count > MAX_EXPORT_ROWS:
            messages.error(
                request,
                _(
                    "The filter finds %(count)s actions; at most %(max)s can be exported at "
                    "once. Narrow the dates or the filter."
                )
                % {"count": count, "max": MAX_EXPORT_ROWS},
            )
            return HttpResponseRedirect(f"{back}?{urlencode(rules.as_query())}")
        response = HttpResponse(report_workbook(self.school, rules), content_type=XLSX)
        stamp = f"{rules.date_from:%Y%m%d}-{rules.date_to:%Y%m%d}"
        response["Content-Disposition"] = (
            f'attachment; filename="journal-access-{self.school.pk}-{stamp}.xlsx"'
        )
        return response
