"""The caller's calendar feed through the API: `GET /api/v1/me/calendar-feed/` shows the
address (404 when there is none), `POST` renews it (creates one when there is none; the old
address stops working), `DELETE` turns it off."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiWriteMixin
from parta.diary.calendar import feed_of
from parta.diary.models import CalendarFeed
from parta.diary.services.calendar import calendar_feed_renew, calendar_feed_revoke


class CalendarFeedSerializer(serializers.ModelSerializer[CalendarFeed]):
    url = serializers.SerializerMethodField(help_text="The private address of the feed.")

    class Meta:
        model = CalendarFeed
        fields = ["url", "created_at", "last_used_at"]

    def get_url(self, feed: CalendarFeed) -> str:
        request = self.context["request"]
        return str(request.build_absolute_uri(reverse("diary:calendar_feed", args=[feed.token])))


class CalendarFeedApiView(ApiWriteMixin):
    def _answer(self, request: Request, feed: CalendarFeed, code: int) -> Response:
        return Response(CalendarFeedSerializer(feed, context={"request": request}).data, code)

    @extend_schema(tags=["diary"], responses=CalendarFeedSerializer)
    def get(self, request: Request) -> Response:
        """The caller's feed address (404 when they have none)."""
        feed = feed_of(request.user)
        if feed is None:
            raise exceptions.NotFound()
        return self._answer(request, feed, status.HTTP_200_OK)

    @extend_schema(tags=["diary"], request=None, responses={201: CalendarFeedSerializer})
    def post(self, request: Request) -> Response:
        """A new address (the old one stops working at once)."""
        try:
            feed = calendar_feed_renew(actor=self.actor)
        except ValidationError as error:
            raise exceptions.ValidationError(error.messages) from error
        return self._answer(request, feed, status.HTTP_201_CREATED)

    @extend_schema(tags=["diary"], request=None, responses={204: None})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Turn the feed off."""
        calendar_feed_revoke(actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)
