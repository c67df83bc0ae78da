"""Correction requests: the keeper's form on a lesson whose edit window has ended, and the list
page — every request of the school for the director and the deputy director (pending first, with
the approve and reject forms), the teacher's own requests («Мои запросы») with a withdraw
button otherwise. All writes go through `journal.services.corrections`."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from parta.accounts.choices import Role
from parta.core.mixins import SchoolContextMixin
from parta.journal.choices import CorrectionStatus
from parta.journal.corrections import correction_requests
from parta.journal.models import CorrectionRequest
from parta.journal.rules import is_journal_admin, school_today
from parta.journal.services import (
    correction_request_approve,
    correction_request_create,
    correction_request_reject,
    correction_request_withdraw,
)
from parta.journal.services.corrections import (
    MAX_OPEN_DAYS,
    MAX_REASON_LENGTH,
    default_open_until,
)
from parta.journal.views.common import audience_of_lesson
from parta.timetable.models import Lesson
from parta.timetable.rules import may_keep_journal


class CorrectionReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What must be corrected and why"),
        max_length=MAX_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "For example: a mark was put to the wrong student; an absence was not marked."
        ),
    )


def _refused(request: HttpRequest, error: ValidationError) -> None:
    if error.code == "forbidden":
        raise PermissionDenied(error.messages[0]) from error
    messages.error(request, " ".join(error.messages))


class CorrectionRequestView(SchoolContextMixin, View):
    """GET: the form with the reason; POST: send the request, then back to the lesson's page.
    Only for the lesson's keeper (its teacher or substitute)."""

    required_access = "read"

    def setup_lesson(self) -> Lesson:
        lesson = get_object_or_404(
            Lesson.objects.for_school(self.school).select_related(
                "school_class", "study_group__school_class", "subject"
            ),
            pk=self.kwargs["lesson_id"],
        )
        if not may_keep_journal(self.request.user, lesson):
            raise PermissionDenied(_("Only the lesson's teacher or its substitute may do this."))
        return lesson

    def show(self, lesson: Lesson, form: CorrectionReasonForm) -> HttpResponse:
        context = self.get_context_data(
            title=_("Request a correction"),
            lesson=lesson,
            form=form,
            lesson_url=reverse("journal:lesson", args=[self.school.pk, lesson.pk]),
            journal_url=audience_of_lesson(lesson).url(self.school.pk),
            list_url=reverse("journal:corrections", args=[self.school.pk]),
        )
        return render(self.request, "journal/corrections_request.html", context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.setup_lesson(), CorrectionReasonForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lesson = self.setup_lesson()
        form = CorrectionReasonForm(request.POST)
        if form.is_valid():
            try:
                correction_request_create(
                    actor=self.actor, lesson=lesson, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                if error.code == "forbidden":
                    raise PermissionDenied(error.messages[0]) from error
                for text in error.messages:
                    form.add_error(None, text)
            else:
                messages.success(
                    request,
                    _("The request was sent: the deputy director will decide on it."),
                )
                return HttpResponseRedirect(
                    reverse("journal:lesson", args=[self.school.pk, lesson.pk])
                )
        return self.show(lesson, form)


class CorrectionListView(SchoolContextMixin, View):
    """GET: the requests (`?status=` filters, paginated); POST `action` approve, reject or
    withdraw on the request `pk`, then back to the list. The director, the deputy director and
    the teachers of the school (a teacher sees their own requests)."""

    required_access = "read"
    paginate_by = 50

    def has_school_access(self) -> bool:
        school_id = self.school.pk
        self.decides = is_journal_admin(self.access, school_id)
        return self.decides or self.access.has_role(school_id, Role.TEACHER)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        status = request.GET.get("status", "")
        if status not in CorrectionStatus.values:
            status = ""
        rows = correction_requests(
            user=request.user, school=self.school, status=status, mine=not self.decides
        )
        page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        today = school_today(self.school)
        context = self.get_context_data(
            title=_("Correction requests") if self.decides else _("My correction requests"),
            decides=self.decides,
            rows=page.object_list,
            page_obj=page,
            is_paginated=page.has_other_pages(),
            querystring=urlencode({"status": status}) if status else "",
            status=status,
            statuses=CorrectionStatus.choices,
            today=today,
            default_until=default_open_until(today),
            last_until=today + datetime.timedelta(days=MAX_OPEN_DAYS),
            user_id=self.access.user_id,
        )
        return render(request, "journal/corrections.html", context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        correction = get_object_or_404(
            CorrectionRequest.objects.for_school(self.school).visible_to(request.user),
            pk=request.POST.get("pk") or 0,
        )
        action = request.POST.get("action", "")
        note = request.POST.get("note", "")
        try:
            if action == "approve":
                raw = request.POST.get("open_until", "")
                try:
                    until = datetime.date.fromisoformat(raw) if raw else None
                except ValueError:
                    raise ValidationError(_("Enter a valid date."), code="open_until") from None
                correction_request_approve(
                    actor=self.actor, correction=correction, open_until=until, note=note
                )
                messages.success(request, _("The request was approved."))
            elif action == "reject":
                correction_request_reject(actor=self.actor, correction=correction, note=note)
                messages.success(request, _("The request was rejected."))
            elif action == "withdraw":
                correction_request_withdraw(actor=self.actor, correction=correction)
                messages.success(request, _("The request was withdrawn."))
            else:
                raise PermissionDenied(_("You do not have permission for this action."))
        except ValidationError as error:
            _refused(request, error)
        return HttpResponseRedirect(request.get_full_path())
