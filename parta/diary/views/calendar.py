"""The calendar feed: the page where a person creates, renews or turns off the private address
of their iCalendar feed, and the feed itself (no login: whoever knows the token reads it)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from parta.core.context import Actor
from parta.diary.calendar import calendar_items, feed_of
from parta.diary.ical import calendar_text
from parta.diary.models import CalendarFeed
from parta.diary.services.calendar import (
    calendar_feed_create,
    calendar_feed_renew,
    calendar_feed_revoke,
    calendar_feed_used,
)

ACTIONS = {
    "create": (calendar_feed_create, gettext_lazy("Your calendar address is ready.")),
    "renew": (
        calendar_feed_renew,
        gettext_lazy("A new address is ready; the old one no longer works."),
    ),
}


class CalendarFeedPageView(LoginRequiredMixin, TemplateView):
    template_name = "diary/calendar.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        feed = feed_of(self.request.user)
        context["feed"] = feed
        context["title"] = _("Calendar feed")
        if feed is not None:
            path = reverse("diary:calendar_feed", args=[feed.token])
            context["feed_url"] = self.request.build_absolute_uri(path)
            context["webcal_url"] = "webcal://" + context["feed_url"].split("://", 1)[1]
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = request.POST.get("action", "")
        actor = Actor.from_request(request)
        try:
            if action == "revoke":
                calendar_feed_revoke(actor=actor)
                messages.success(request, _("The calendar address is turned off."))
            elif action in ACTIONS:
                service, text = ACTIONS[action]
                service(actor=actor)
                messages.success(request, text)
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("diary:calendar"))


class CalendarFeedView(View):
    """GET /calendar/<token>.ics: the feed as text/calendar; an unknown or revoked token is
    404."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        feed = (
            CalendarFeed.objects.select_related("user", "user__person")
            .filter(token=token, user__is_active=True)
            .first()
        )
        if feed is None:
            raise Http404(_("Calendar not found."))
        calendar_feed_used(feed=feed)
        user = feed.user
        person = getattr(user, "person", None)
        name = person.short_name if person is not None else user.get_username()
        now = timezone.now()
        text = calendar_text(
            calendar_items(user, timezone.localdate(now)),
            name=_("Parta: %(name)s") % {"name": name},
            now=now,
        )
        response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="parta.ics"'
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex"
        return response
