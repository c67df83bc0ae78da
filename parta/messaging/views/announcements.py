"""Announcement pages: the board, the form (new and edit), deleting, a file's download. The
pages parse input and call one selector or service; the rules are in
`messaging.rules_announcements`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from parta.core.files import attachment_response
from parta.core.mixins import SchoolContextMixin
from parta.messaging import rules_announcements as rules
from parta.messaging import selectors_announcements as selectors
from parta.messaging.audience import describe_audience
from parta.messaging.forms_announcements import AnnouncementForm, local_input
from parta.messaging.models import Announcement
from parta.messaging.services.announcements import (
    announcement_create,
    announcement_delete,
    announcement_update,
)

PAGE_SIZE = 20


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def forbidden(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "forbidden"


class AnnouncementListView(SchoolContextMixin, View):
    template_name = "messaging/announcement_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        now = timezone.now()
        rows = selectors.announcement_list(request.user, self.school, now=now)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        items = list(page.object_list)
        changeable = selectors.changeable_announcement_ids(
            request.user, self.school, [item.pk for item in items]
        )
        entries = [
            {
                "item": item,
                "state": selectors.announcement_state(item, now),
                "audience": describe_audience(item),
                "can_change": item.pk in changeable,
            }
            for item in items
        ]
        context = self.get_context_data(
            title=_("Announcements"),
            page_obj=page,
            entries=entries,
            can_publish=rules.may_publish(request.user, self.school),
        )
        return render(request, self.template_name, context)


class AnnouncementFormMixin(SchoolContextMixin):
    template_name = "messaging/announcement_form.html"

    def list_url(self) -> str:
        return reverse("messaging:announcement_list", args=[self.school.pk])

    def render_form(self, form: AnnouncementForm, **extra: Any) -> HttpResponse:
        context = self.get_context_data(form=form, **extra)
        return render(self.request, self.template_name, context)


class AnnouncementCreateView(AnnouncementFormMixin, View):
    def has_school_access(self) -> bool:
        return rules.may_publish(self.request.user, self.school)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AnnouncementForm(
            user=request.user,
            school=self.school,
            initial={"for_students": True, "for_parents": True},
        )
        return self.render_form(form, title=_("New announcement"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AnnouncementForm(request.POST, request.FILES, user=request.user, school=self.school)
        if form.is_valid():
            try:
                announcement_create(actor=self.actor, school=self.school, **form.values())
            except ValidationError as error:
                if forbidden(error):
                    raise PermissionDenied(error.messages[0]) from error
                apply_errors(form, error)
            else:
                messages.success(request, _("The announcement is published."))
                return HttpResponseRedirect(self.list_url())
        return self.render_form(form, title=_("New announcement"))


class AnnouncementObjectMixin(AnnouncementFormMixin):
    announcement: Announcement

    def load(self) -> Announcement:
        found = selectors.announcement_for(self.request.user, self.school, int(self.kwargs["pk"]))
        if found is None:
            raise Http404(_("Announcement not found."))
        if not rules.may_change(self.request.user, found):
            raise PermissionDenied(_("You do not have permission for this action."))
        self.announcement = found
        return found


class AnnouncementEditView(AnnouncementObjectMixin, View):
    def _form(self, item: Announcement, *args: Any) -> AnnouncementForm:
        initial = {
            "title": item.title,
            "body": item.body,
            "scope": item.scope,
            "grade": item.grade,
            "school_class": item.school_class_id,
            "for_staff": item.for_staff,
            "for_students": item.for_students,
            "for_parents": item.for_parents,
            "publish_from": local_input(item.publish_from, self.school),
            "publish_until": local_input(item.publish_until, self.school),
        }
        return AnnouncementForm(*args, user=self.request.user, school=self.school, initial=initial)

    def _render(self, form: AnnouncementForm, item: Announcement) -> HttpResponse:
        return self.render_form(
            form,
            title=_("Edit the announcement"),
            announcement=item,
            attachments=list(item.attachments.all()),
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.load()
        return self._render(self._form(item), item)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.load()
        form = self._form(item, request.POST, request.FILES)
        if form.is_valid():
            remove = [int(pk) for pk in request.POST.getlist("remove") if pk.isdigit()]
            values = form.values()
            try:
                announcement_update(
                    actor=self.actor,
                    school=self.school,
                    announcement=item,
                    remove_attachment_ids=remove,
                    **values,
                )
            except ValidationError as error:
                if forbidden(error):
                    raise PermissionDenied(error.messages[0]) from error
                apply_errors(form, error)
            else:
                messages.success(request, _("The announcement is saved."))
                return HttpResponseRedirect(self.list_url())
        return self._render(form, item)


class AnnouncementDeleteView(AnnouncementObjectMixin, View):
    template_name = "messaging/announcement_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.load()
        context = self.get_context_data(title=_("Delete the announcement"), announcement=item)
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.load()
        try:
            announcement_delete(actor=self.actor, school=self.school, announcement=item)
        except ValidationError as error:
            if forbidden(error):
                raise PermissionDenied(error.messages[0]) from error
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The announcement is deleted."))
        return HttpResponseRedirect(self.list_url())


class AnnouncementAttachmentView(SchoolContextMixin, View):
    """A file of an announcement the user sees (404 otherwise)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        row = selectors.attachment_for(
            request.user, self.school, int(kwargs["pk"]), int(kwargs["file_id"])
        )
        if row is None:
            raise Http404(_("File not found."))
        return attachment_response(
            row.file.open("rb"), name=row.name, content_type=row.content_type
        )
