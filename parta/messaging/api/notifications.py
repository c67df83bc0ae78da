"""The user's own notifications through the API, through the same selectors and services as
the pages: the list (`?unread=1`), marking one or all read, and the settings. Another user's
notification answers 404, exactly as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiView, ApiWriteMixin
from parta.core.context import Actor, client_ip
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


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    school = serializers.IntegerField(source="school_id", read_only=True, allow_null=True)
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "school",
            "kind",
            "title",
            "body",
            "url",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class ReadAllSerializer(serializers.Serializer[Any]):
    marked = serializers.IntegerField(help_text="How many notifications were unread.")


class ChannelsSerializer(serializers.Serializer[Any]):
    in_app = serializers.BooleanField(help_text="Shown in Parta (the bell and the list).")
    email = serializers.BooleanField(help_text="By e-mail (at once, or in the daily digest).")


class NotificationSettingsSerializer(serializers.Serializer[Any]):
    kinds = serializers.DictField(
        child=ChannelsSerializer(),
        help_text="Kind → channels. Kinds: " + ", ".join(NotificationKind.values) + ". "
        "On PUT, kinds left out keep their choice.",
    )
    daily_digest = serializers.BooleanField()
    mark_below = serializers.IntegerField(
        allow_null=True,
        min_value=MARK_BELOW_MIN,
        max_value=MARK_BELOW_MAX,
        help_text="Tell about marks below this number only (null: every mark).",
    )

    def validate_kinds(self, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(NotificationKind.values))
        if unknown:
            raise serializers.ValidationError(f"Unknown kinds: {', '.join(unknown)}.")
        return value


UNREAD = OpenApiParameter(
    "unread", int, description="1: only unread notifications.", enum=[0, 1], required=False
)


@extend_schema(tags=["notifications"])
class NotificationViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Notification],
):
    """The user's own notifications, newest first."""

    queryset = Notification.objects.none()  # the model, for the schema
    serializer_class = NotificationSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        if self.action == "list":
            unread = self.request.query_params.get("unread") == "1"
            return notification_list(user=self.request.user, unread_only=unread)
        return Notification.objects.visible_to(self.request.user)

    @extend_schema(parameters=[UNREAD])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark the notification read."""
        notification = self.get_object()
        notification_read(actor=self.actor, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses=ReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request: Request) -> Response:
        """Mark every notification of the user read."""
        return Response({"marked": notifications_read_all(actor=self.actor)})


def _settings_data(user: Any) -> dict[str, Any]:
    per_kind, settings = notification_choices(user)
    return {
        "kinds": {
            kind: {"in_app": choice.in_app, "email": choice.email}
            for kind, choice in per_kind.items()
        },
        "daily_digest": settings.daily_digest,
        "mark_below": settings.mark_below,
    }


@extend_schema(tags=["notifications"])
class NotificationSettingsView(ApiView):
    """How the user wants to be told: per kind in Parta and/or by e-mail, the daily digest
    instead of single e-mails, and the mark threshold."""

    @extend_schema(responses=NotificationSettingsSerializer)
    def get(self, request: Request) -> Response:
        return Response(_settings_data(request.user))

    @extend_schema(request=NotificationSettingsSerializer, responses=NotificationSettingsSerializer)
    def put(self, request: Request) -> Response:
        serializer = NotificationSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        notification_preferences_update(
            actor=Actor(user=request.user, ip_address=client_ip(request._request)),
            choices={
                kind: Choice(in_app=value["in_app"], email=value["email"])
                for kind, value in data["kinds"].items()
            },
            daily_digest=data["daily_digest"],
            mark_below=data["mark_below"],
        )
        return Response(_settings_data(request.user))
