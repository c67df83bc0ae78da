"""Event pages: upcoming events (or one month's) by date, one event, the form (new and edit),
deleting. Parent meetings are events of their own kind; the list filters them."""

from __future__ import annotations

import datetime
from itertools import groupby
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from parta.core.mixins import SchoolContextMixin
from parta.messaging import rules_announcements as rules
from parta.messaging import selectors_announcements as selectors
from parta.messaging.audience import describe_audience
from parta.messaging.choices import EventKind
from parta.messaging.forms_announcements import EventForm, local_input
from parta.messaging.models import Event
from parta.messaging.services.events import event_create, event_delete, event_update
from parta.messaging.views.announcements import apply_errors, forbidden

PAGE_SIZE = 30


def _month(raw: str | None) -> datetime.date | None:
    """«2026-11» → the first of that month (None when absent or not a month)."""
    if not raw:
        return None
    year, dash, month = raw.partition("-")
    if not (dash and year.isdigit() and month.isdigit()):
        return None
    try:
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return None


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


class EventListView(SchoolContextMixin, View):
    template_name = "messaging/event_list.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        zone = ZoneInfo(self.school.timezone)
        kind = request.GET.get("kind") or ""
        if kind not in EventKind.values:
            kind = ""
        month = _month(request.GET.get("month"))
        if month is not None:
            start = datetime.datetime.combine(month, datetime.time(), zone)
            end: datetime.datetime | None = datetime.datetime.combine(
                _next_month(month), datetime.time(), zone
            )
        else:
            start, end = timezone.now(), None
        rows = selectors.event_list(request.user, self.school, start=start, end=end, kind=kind)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        events = list(page.object_list)
        changeable = selectors.changeable_event_ids(
            request.user, self.school, [event.pk for event in events]
        )
        entries = [
            {
                "event": event,
                "day": timezone.localtime(event.starts_at, zone).date(),
                "audience": describe_audience(event),
                "can_change": event.pk in changeable,
            }
            for event in events
        ]
        days = [(day, list(group)) for day, group in groupby(entries, key=lambda e: e["day"])]
        this_month = timezone.localtime(timezone.now(), zone).date().replace(day=1)
        shown = month or this_month
        previous = (shown - datetime.timedelta(days=1)).replace(day=1)
        context = self.get_context_data(
            title=_("Events"),
            page_obj=page,
            days=days,
            kind=kind,
            kinds=EventKind.choices,
            month=month,
            month_value=shown.strftime("%Y-%m"),
            previous_month=previous.strftime("%Y-%m"),
            next_month=_next_month(shown).strftime("%Y-%m"),
            can_publish=rules.may_publish(request.user, self.school),
        )
        return render(request, self.template_name, context)


class EventObjectMixin(SchoolContextMixin):
    event: Event

    def find(self) -> Event:
        found = selectors.event_for(self.request.user, self.school, int(self.kwargs["pk"]))
        if found is None:
            raise Http404(_("Event not found."))
        return found

    def load(self) -> Event:
        found = self.find()
        if not rules.may_change(self.request.user, found, "created_by"):
            raise PermissionDenied(_("You do not have permission for this action."))
        self.event = found
        return found

    def list_url(self) -> str:
        return reverse("messaging:event_list", args=[self.school.pk])


class EventDetailView(EventObjectMixin, View):
    template_name = "messaging/event_detail.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.find()
        context = self.get_context_data(
            title=event.title,
            event=event,
            audience=describe_audience(event),
            can_change=rules.may_change(request.user, event, "created_by"),
        )
        return render(request, self.template_name, context)


class EventFormMixin(EventObjectMixin):
    template_name = "messaging/event_form.html"

    def render_form(self, form: EventForm, **extra: Any) -> HttpResponse:
        return render(self.request, self.template_name, self.get_context_data(form=form, **extra))


class EventCreateView(EventFormMixin, View):
    def has_school_access(self) -> bool:
        return rules.may_publish(self.request.user, self.school)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = request.GET.get("kind")
        meeting = kind == EventKind.PARENT_MEETING
        form = EventForm(
            user=request.user,
            school=self.school,
            initial={
                "kind": EventKind.PARENT_MEETING if meeting else EventKind.EVENT,
                "scope": "class" if meeting else None,
                "for_staff": False,
                "for_students": not meeting,
                "for_parents": True,
            },
        )
        return self.render_form(form, title=_("New event"))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = EventForm(request.POST, user=request.user, school=self.school)
        if form.is_valid():
            try:
                event = event_create(actor=self.actor, school=self.school, **form.values())
            except ValidationError as error:
                if forbidden(error):
                    raise PermissionDenied(error.messages[0]) from error
                apply_errors(form, error)
            else:
                messages.success(request, _("The event is saved."))
                return HttpResponseRedirect(
                    reverse("messaging:event_detail", args=[self.school.pk, event.pk])
                )
        return self.render_form(form, title=_("New event"))


class EventEditView(EventFormMixin, View):
    def _form(self, event: Event, *args: Any) -> EventForm:
        initial = {
            "kind": event.kind,
            "title": event.title,
            "starts_at": local_input(event.starts_at, self.school),
            "ends_at": local_input(event.ends_at, self.school),
            "place": event.place,
            "description": event.description,
            "scope": event.scope,
            "grade": event.grade,
            "school_class": event.school_class_id,
            "for_staff": event.for_staff,
            "for_students": event.for_students,
            "for_parents": event.for_parents,
        }
        return EventForm(*args, user=self.request.user, school=self.school, initial=initial)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.load()
        return self.render_form(self._form(event), title=_("Edit the event"), event=event)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.load()
        form = self._form(event, request.POST)
        if form.is_valid():
            try:
                event_update(actor=self.actor, school=self.school, event=event, **form.values())
            except ValidationError as error:
                if forbidden(error):
                    raise PermissionDenied(error.messages[0]) from error
                apply_errors(form, error)
            else:
                messages.success(request, _("The event is saved."))
                return HttpResponseRedirect(
                    reverse("messaging:event_detail", args=[self.school.pk, event.pk])
                )
        return self.render_form(form, title=_("Edit the event"), event=event)


class EventDeleteView(EventObjectMixin, View):
    template_name = "messaging/event_delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.load()
        context = self.get_context_data(title=_("Delete the event"), event=event)
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        event = self.load()
        try:
            event_delete(actor=self.actor, school=self.school, event=event)
        except ValidationError as error:
            if forbidden(error):
                raise PermissionDenied(error.messages[0]) from error
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The event is deleted."))
        return HttpResponseRedirect(self.list_url())
