"""Spreadsheets: import (upload → preview with every error → confirm), export of a plan and the
template file.

The confirm step writes the rows checked at upload: they wait in the user's session under a
random token named in the preview form (no file is kept on disk, the browser never sends the
rows back), for one plan and one pending import at a time."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from parta.core.mixins import SchoolContextMixin
from parta.thematic.data import TopicData
from parta.thematic.exporting import export_plan, template_file, xlsx_response
from parta.thematic.forms import ImportForm
from parta.thematic.models import PlanTopic
from parta.thematic.parsing import MAX_FILE_BYTES
from parta.thematic.rules import can_read_plans
from parta.thematic.services import REPLACE, import_preview, plan_import_rows
from parta.thematic.views.base import PlanMixin, fmt_hours

SESSION_KEY = "thematic-import-%s"


class ImportView(PlanMixin, TemplateView):
    """Upload (GET form, POST file) → the preview of every row and error; nothing written."""

    template_name = "thematic/import.html"
    edit = True

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.load_plan()
        return self.render(ImportForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        upload = form.cleaned_data["file"]
        mode = form.cleaned_data["mode"]
        # one byte over the limit is enough for the parser to refuse the size
        content = upload.read(MAX_FILE_BYTES + 1)
        preview = import_preview(plan=plan, content=content, mode=mode)
        token = ""
        if preview.ok:
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY % plan.pk] = {
                "token": token,
                "mode": mode,
                "rows": [row.as_json() for row in preview.rows],
            }
        else:
            request.session.pop(SESSION_KEY % plan.pk, None)
        return self.render(
            form,
            preview=preview,
            token=token,
            mode=mode,
            file_name=upload.name,
            preview_rows=[
                (number, row, fmt_hours(row.hours))
                for number, row in enumerate(preview.rows, start=1)
            ],
        )

    def render(self, form: ImportForm, **extra: Any) -> HttpResponse:
        return self.render_to_response(
            self.get_context_data(
                form=form,
                title=_("Import topics from XLSX"),
                plan_url=reverse("thematic:plan_detail", args=[self.school.pk, self.plan.pk]),
                **extra,
            )
        )


class ImportConfirmView(PlanMixin, View):
    """Write the previewed rows (replace or append) in one transaction and re-bind."""

    http_method_names = ["post"]

    edit = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        plan_url = reverse("thematic:plan_detail", args=[self.school.pk, plan.pk])
        pending = request.session.get(SESSION_KEY % plan.pk)
        token = request.POST.get("token", "")
        if not pending or not token or not secrets.compare_digest(pending["token"], token):
            messages.error(request, _("The preview has expired: upload the file again."))
            return HttpResponseRedirect(
                reverse("thematic:plan_import", args=[self.school.pk, plan.pk])
            )
        rows = [TopicData.from_json(row) for row in pending["rows"]]
        try:
            result = plan_import_rows(
                actor=self.actor, plan=plan, rows=rows, mode=pending.get("mode", REPLACE)
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(
                reverse("thematic:plan_import", args=[self.school.pk, plan.pk])
            )
        request.session.pop(SESSION_KEY % plan.pk, None)
        messages.success(
            request,
            _("Imported %(count)s topics; %(bound)s of %(lessons)s lessons have a topic.")
            % {
                "count": result.written,
                "bound": result.binding.bound,
                "lessons": result.binding.lessons,
            },
        )
        return HttpResponseRedirect(plan_url)


class ExportView(PlanMixin, View):
    """The plan as XLSX, in the import format."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.load_plan()
        topics = PlanTopic.objects.filter(plan=plan).order_by("position")
        name = slugify(f"ktp-{plan.subject.name}-{plan.audience_name or plan.grade}", True)
        return xlsx_response(export_plan(plan, topics), f"{name or 'ktp'}.xlsx")


class TemplateFileView(SchoolContextMixin, View):
    """The empty КТП file with an example row and the instructions."""

    def has_school_access(self) -> bool:
        return can_read_plans(self.request.user, self.school.pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return xlsx_response(template_file(), "ktp-template.xlsx")
