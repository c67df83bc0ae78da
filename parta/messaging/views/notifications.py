"""The user's own notifications (not school-scoped): the list, opening one (marks it read and
goes to its page), "mark all read", and the settings (kind × channel, digest, threshold)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from parta.core.context import Actor
from parta.messaging.choices import NotificationKind
from parta.messaging.models import Notification
from parta.messaging.notify.preferences import Choice
from parta.messaging.selectors_notifications import notification_choices, notification_list
from parta.messaging.services.notifications import (
    MARK_BELOW_MAX,
    MARK_BELOW_MIN,
    notification_preferences_update,
    notification_read,
    notifications_read_all,
)

PAGE_SIZE = 30


class NotificationListView(LoginRequiredMixin, ListView[Notification]):
    template_name = "messaging/notification_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "notifications"

    def unread_only(self) -> bool:
        return self.request.GET.get("unread") == "1"

    def get_queryset(self) -> QuerySet[Notification]:
        return notification_list(user=self.request.user, unread_only=self.unread_only())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Notifications")
        context["unread_only"] = self.unread_only()
        context["querystring"] = "unread=1" if self.unread_only() else ""
        return context


def _own(request: HttpRequest, pk: int) -> Notification:
    """The user's own notification; anyone else's answers 404."""
    return get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)


def _safe_next(request: HttpRequest, url: str) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("messaging:notification_list")


class NotificationOpenView(LoginRequiredMixin, View):
    """POST: mark the notification read and go to the page it is about."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = _own(request, pk)
        notification_read(actor=Actor.from_request(request), notification=notification)
        return HttpResponseRedirect(_safe_next(request, notification.url))


class NotificationReadAllView(LoginRequiredMixin, View):
    """POST: every notification of the user read."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        count = notifications_read_all(actor=Actor.from_request(request))
        if count:
            messages.success(request, _("All notifications are marked read."))
        return HttpResponseRedirect(reverse("messaging:notification_list"))


class NotificationSettingsForm(forms.Form):
    """Two checkboxes per kind (`<kind>__in_app`, `<kind>__email`), the digest, the threshold."""

    daily_digest = forms.BooleanField(
        label=gettext_lazy("E-mail a daily digest instead of each notification"), required=False
    )
    mark_below = forms.IntegerField(
        label=gettext_lazy("Tell about marks below"),
        required=False,
        min_value=MARK_BELOW_MIN,
        max_value=MARK_BELOW_MAX,
        help_text=gettext_lazy("Empty: every new mark. For example 4: only 3, 2 and «н/а», «нз»."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind.values:
            self.fields[f"{kind}__in_app"] = forms.BooleanField(required=False)
            self.fields[f"{kind}__email"] = forms.BooleanField(required=False)

    def choices(self) -> dict[str, Choice]:
        data = self.cleaned_data
        return {
            kind: Choice(in_app=bool(data[f"{kind}__in_app"]), email=bool(data[f"{kind}__email"]))
            for kind in NotificationKind.values
        }

    def rows(self) -> list[tuple[str, Any, Any]]:
        """(label, in-app field, e-mail field) per kind, for the table."""
        return [
            (str(label), self[f"{kind}__in_app"], self[f"{kind}__email"])
            for kind, label in NotificationKind.choices
        ]


class NotificationSettingsView(LoginRequiredMixin, View):
    template_name = "messaging/notification_settings.html"

    def _initial(self) -> dict[str, Any]:
        per_kind, settings = notification_choices(self.request.user)
        initial: dict[str, Any] = {
            "daily_digest": settings.daily_digest,
            "mark_below": settings.mark_below,
        }
        for kind, choice in per_kind.items():
            initial[f"{kind}__in_app"] = choice.in_app
            initial[f"{kind}__email"] = choice.email
        return initial

    def _render(self, form: NotificationSettingsForm, status: int = 200) -> HttpResponse:
        user: Any = self.request.user
        person = getattr(user, "person", None)
        context = {
            "title": _("Notification settings"),
            "form": form,
            "has_email": bool(user.email or (person is not None and person.email)),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(NotificationSettingsForm(initial=self._initial()))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NotificationSettingsForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            notification_preferences_update(
                actor=Actor.from_request(request),
                choices=form.choices(),
                daily_digest=form.cleaned_data["daily_digest"],
                mark_below=form.cleaned_data["mark_below"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._render(form, status=400)
        messages.success(request, _("Notification settings saved."))
        return HttpResponseRedirect(reverse("messaging:notification_settings"))
