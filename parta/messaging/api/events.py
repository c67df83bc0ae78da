"""Events and parent meetings through the API: the ones the user sees, soonest first —
`?school=` one school, `?from=`/`?to=` dates (inclusive, in the school's time zone; without
`from`, the events still to come), `?kind=event|parent_meeting`; one by id; create, change,
delete for those who may publish. Another school's or an unseen event answers 404."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from parta.messaging import selectors_announcements as selectors
from parta.messaging.api.announcements import (
    AUDIENCE_FIELDS,
    AudienceItemWrites,
    refused,
    school_of,
)
from parta.messaging.audience import describe_audience
from parta.messaging.choices import EventKind
from parta.messaging.models import Event
from parta.messaging.services.events import event_create, event_delete, event_update
from parta.organizations.models import Organization


class EventSerializer(serializers.ModelSerializer[Event]):
    school = serializers.IntegerField(source="school_id")
    school_class = serializers.IntegerField(
        source="school_class_id", required=False, allow_null=True
    )
    created_by = serializers.IntegerField(source="created_by_id", read_only=True, allow_null=True)
    audience = serializers.SerializerMethodField()
    # optional on input: a parent meeting defaults to a class and its parents
    scope = serializers.CharField(required=False, help_text="school, grade or class.")
    for_staff = serializers.BooleanField(required=False, allow_null=True, default=None)
    for_students = serializers.BooleanField(required=False, allow_null=True, default=None)
    for_parents = serializers.BooleanField(required=False, allow_null=True, default=None)

    class Meta:
        model = Event
        fields = [
            "id",
            "school",
            "kind",
            "title",
            "description",
            "place",
            "starts_at",
            "ends_at",
            *AUDIENCE_FIELDS,
            "audience",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_by", "created_at", "updated_at"]

    def get_audience(self, event: Event) -> str:
        return describe_audience(event)


class EventQuerySerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField(required=False)
    kind = serializers.ChoiceField(choices=EventKind.choices, required=False)
    # "from" is a Python keyword: the field is declared below under its query name
    to = serializers.DateField(required=False, help_text="The last day (inclusive).")


EventQuerySerializer._declared_fields["from"] = serializers.DateField(
    required=False, help_text="The first day (inclusive); without it, from now."
)

QUERY_PARAMETERS = [
    OpenApiParameter("school", OpenApiTypes.INT, description="Only this school's."),
    OpenApiParameter("from", OpenApiTypes.DATE, description="The first day (inclusive)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="The last day (inclusive)."),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=EventKind.values),
]


def _midnight(day: datetime.date, school: Organization | None) -> datetime.datetime:
    zone = ZoneInfo(school.timezone if school is not None else settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time(), zone)


@extend_schema(tags=["messaging"])
@extend_schema_view(list=extend_schema(parameters=QUERY_PARAMETERS))
class EventViewSet(
    AudienceItemWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Event],
):
    """School events and parent meetings the user is in the audience of (the school
    administration sees all of its school; authors their own)."""

    queryset = Event.objects.none()  # the model, for the schema
    serializer_class = EventSerializer

    def get_queryset(self) -> QuerySet[Event]:
        user = self.request.user
        if self.action != "list":
            return selectors.event_list(user, None)
        query = EventQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        school = school_of(user, params["school"]) if "school" in params else None
        start = _midnight(params["from"], school) if "from" in params else timezone.now()
        end = (
            _midnight(params["to"] + datetime.timedelta(days=1), school) if "to" in params else None
        )
        return selectors.event_list(user, school, start=start, end=end, kind=params.get("kind"))

    written_fields = (
        "kind",
        "title",
        "description",
        "place",
        "starts_at",
        "ends_at",
        "scope",
        "grade",
        "for_staff",
        "for_students",
        "for_parents",
    )

    def keeps_school_message(self) -> str:
        return _("An event keeps its school.")

    def create_item(self, *, actor: Any, school: Organization, **values: Any) -> Event:
        return event_create(actor=actor, school=school, **values)

    def update_item(self, item: Event, data: dict[str, Any], values: dict[str, Any]) -> Event:
        return event_update(actor=self.actor, school=item.school, event=item, **values)

    def perform_destroy(self, instance: Event) -> None:
        try:
            event_delete(actor=self.actor, school=instance.school, event=instance)
        except DjangoValidationError as error:
            raise refused(error) from error
