"""Announcements through the API: the ones the user sees (`?school=` narrows to one school),
one by id, and — for those who may publish — create, change, delete through the services.
Files come as multipart `files` parts (create and change); `remove_attachments` lists the ids
of files to remove. Another school's or an unseen announcement answers 404; a refused write 403
(not allowed) or 400 (bad input), and nothing is written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from parta.accounts.access import access_for
from parta.api.views import ApiWriteMixin
from parta.messaging import selectors_announcements as selectors
from parta.messaging.audience import describe_audience
from parta.messaging.models import Announcement, AnnouncementAttachment
from parta.messaging.services.announcements import (
    announcement_create,
    announcement_delete,
    announcement_update,
)
from parta.organizations.models import Organization
from parta.people.models import SchoolClass

AUDIENCE_FIELDS = ["scope", "grade", "school_class", "for_staff", "for_students", "for_parents"]


def refused(error: DjangoValidationError) -> exceptions.APIException:
    """A service's refusal as the API's answer: 403 when not allowed, 400 otherwise."""
    if getattr(error, "code", None) == "forbidden":
        return exceptions.PermissionDenied(error.messages[0])
    if hasattr(error, "error_dict"):
        return exceptions.ValidationError(error.message_dict)
    return exceptions.ValidationError({"non_field_errors": error.messages})


def school_of(user: Any, school_id: Any) -> Organization:
    """A school the user reads, or 404."""
    try:
        pk = int(school_id)
    except (TypeError, ValueError):
        raise exceptions.NotFound() from None
    if not access_for(user).can_read_school(pk):
        raise exceptions.NotFound()
    school = Organization.objects.filter(pk=pk).first()
    if school is None:
        raise exceptions.NotFound()
    return school


def class_of(school: Organization, class_id: int | None) -> SchoolClass | None:
    """The class by id (of any school: the service refuses another school's with a message)."""
    if class_id is None:
        return None
    school_class = SchoolClass.objects.filter(pk=class_id).first()
    if school_class is None:
        raise exceptions.ValidationError({"school_class": [_("Unknown class.")]})
    return school_class


class AnnouncementAttachmentSerializer(serializers.ModelSerializer[AnnouncementAttachment]):
    url = serializers.SerializerMethodField()

    class Meta:
        model = AnnouncementAttachment
        fields = ["id", "name", "size", "content_type", "url"]

    def get_url(self, row: AnnouncementAttachment) -> str:
        return reverse(
            "messaging:announcement_attachment",
            args=[row.school_id, row.announcement_id, row.pk],
        )


class AnnouncementSerializer(serializers.ModelSerializer[Announcement]):
    school = serializers.IntegerField(source="school_id")
    school_class = serializers.IntegerField(
        source="school_class_id", required=False, allow_null=True
    )
    author = serializers.IntegerField(source="author_id", read_only=True, allow_null=True)
    audience = serializers.SerializerMethodField()
    state = serializers.SerializerMethodField(
        help_text="published, scheduled (not yet) or expired (no longer)."
    )
    attachments = AnnouncementAttachmentSerializer(many=True, read_only=True)
    files = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, max_length=10
    )
    remove_attachments = serializers.ListField(
        child=serializers.IntegerField(), write_only=True, required=False
    )
    publish_from = serializers.DateTimeField(required=False, allow_null=True)

    class Meta:
        model = Announcement
        fields = [
            "id",
            "school",
            "title",
            "body",
            *AUDIENCE_FIELDS,
            "audience",
            "publish_from",
            "publish_until",
            "state",
            "author",
            "attachments",
            "files",
            "remove_attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "author", "created_at", "updated_at"]

    def get_audience(self, item: Announcement) -> str:
        return describe_audience(item)

    def get_state(self, item: Announcement) -> str:
        return selectors.announcement_state(item)


SCHOOL_PARAMETER = OpenApiParameter(
    "school", OpenApiTypes.INT, description="Only this school's (one the user reads)."
)


class AudienceItemWrites(ApiWriteMixin):
    """Create and update of an announcement or an event through its service: the fields the
    client sent, over the stored values on update, with `school_class_id` read as a class of
    the item's school. Subclasses name their `written_fields` and services."""

    written_fields: tuple[str, ...] = ()

    def keeps_school_message(self) -> str:
        """The refusal of a change of school (translated per request)."""
        raise NotImplementedError

    def create_item(self, *, actor: Any, school: Organization, **values: Any) -> Any:
        raise NotImplementedError

    def update_item(self, item: Any, data: dict[str, Any], values: dict[str, Any]) -> Any:
        raise NotImplementedError

    def extra_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return {}

    def _values(self, data: dict[str, Any], school: Organization) -> dict[str, Any]:
        values = {key: data[key] for key in self.written_fields if key in data}
        if "school_class_id" in data:
            values["school_class"] = class_of(school, data["school_class_id"])
        return {**values, **self.extra_values(data)}

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school = school_of(self.request.user, data.pop("school_id"))
        try:
            serializer.instance = self.create_item(
                actor=self.actor, school=school, **self._values(data, school)
            )
        except DjangoValidationError as error:
            raise refused(error) from error

    def perform_update(self, serializer: Any) -> None:
        item = serializer.instance
        data = dict(serializer.validated_data)
        if "school_id" in data and data.pop("school_id") != item.school_id:
            raise exceptions.ValidationError({"school": [self.keeps_school_message()]})
        current = {key: getattr(item, key) for key in (*self.written_fields, "school_class")}
        values = {**current, **self._values(data, item.school)}
        for flag in ("for_staff", "for_students", "for_parents"):
            if values[flag] is None:
                values[flag] = current[flag]
        try:
            serializer.instance = self.update_item(item, data, values)
        except DjangoValidationError as error:
            raise refused(error) from error


@extend_schema(tags=["messaging"])
@extend_schema_view(list=extend_schema(parameters=[SCHOOL_PARAMETER]))
class AnnouncementViewSet(
    AudienceItemWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Announcement],
):
    """Announcements the user sees while published (their authors and the school administration
    also see them scheduled and expired). Written by the school administration (any audience of
    the school) and by teachers (students and parents of the classes they lead or teach)."""

    queryset = Announcement.objects.none()  # the model, for the schema
    serializer_class = AnnouncementSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[Announcement]:
        school = None
        raw = self.request.query_params.get("school")
        if raw and self.action == "list":
            school = school_of(self.request.user, raw)
        return selectors.announcement_list(self.request.user, school)

    written_fields = (
        "title",
        "body",
        "scope",
        "grade",
        "for_staff",
        "for_students",
        "for_parents",
        "publish_from",
        "publish_until",
    )

    def keeps_school_message(self) -> str:
        return _("An announcement keeps its school.")

    def extra_values(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"files": data.get("files") or []}

    def create_item(self, *, actor: Any, school: Organization, **values: Any) -> Announcement:
        return announcement_create(actor=actor, school=school, **values)

    def update_item(
        self, item: Announcement, data: dict[str, Any], values: dict[str, Any]
    ) -> Announcement:
        updated = announcement_update(
            actor=self.actor,
            school=item.school,
            announcement=item,
            remove_attachment_ids=data.get("remove_attachments") or [],
            **values,
        )
        return selectors.announcement_for(self.request.user, item.school, item.pk) or updated

    def perform_destroy(self, instance: Announcement) -> None:
        try:
            announcement_delete(actor=self.actor, school=instance.school, announcement=instance)
        except DjangoValidationError as error:
            raise refused(error) from error
