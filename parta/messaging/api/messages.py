"""Messages through the API: the user's conversations (list with unread counts, search and
filters; one with its messages), starting one, replying (multipart for files), marking read,
archiving, downloading a file, and the address book of allowed recipients.

Only the participants see a conversation: anyone else gets 404, exactly as for a missing one.
Writes go through the same services as the pages, so the same rules, limits and messages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.pagination import DefaultPagination
from parta.api.views import ApiView, ApiWriteMixin
from parta.core.files import attachment_response
from parta.messaging import rules
from parta.messaging.models import Message, MessageAttachment, Thread
from parta.messaging.selectors_messages import (
    SHOW_ARCHIVED,
    SHOW_INBOX,
    SHOW_UNREAD,
    attachment_for,
    describe,
    display_name,
    recipients_queryset,
    thread_detail,
    thread_list,
)
from parta.messaging.services.messages import (
    message_reply,
    thread_archive,
    thread_mark_read,
    thread_start,
)
from parta.organizations.models import Organization

TAGS = ["messages"]
FILES_SCHEMA = {"type": "array", "items": {"type": "string", "format": "binary"}}


# --- shapes ----------------------------------------------------------------------------------------
class AttachmentSerializer(serializers.ModelSerializer[MessageAttachment]):
    """A file of a message; `url` downloads it (the storage is never exposed)."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = MessageAttachment
        fields = ["id", "name", "size", "content_type", "url"]

    def get_url(self, obj: MessageAttachment) -> str:
        return reverse("api:message-attachment-download", args=[obj.pk])


class MessageSerializer(serializers.ModelSerializer[Message]):
    author_name = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = ["id", "thread", "author", "author_name", "body", "created_at", "attachments"]

    def get_author_name(self, obj: Message) -> str:
        return display_name(obj.author)


class ParticipantSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="user_id")
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return display_name(obj.user)


class ThreadSerializer(serializers.ModelSerializer[Thread]):
    """A conversation as the user sees it: their unread count and archive flag."""

    unread_count = serializers.IntegerField(read_only=True)
    archived = serializers.BooleanField(read_only=True)
    last_body = serializers.CharField(read_only=True, allow_null=True)
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id",
            "school",
            "subject",
            "created_by",
            "created_at",
            "last_message_at",
            "unread_count",
            "archived",
            "last_body",
            "participants",
        ]


class ThreadDetailSerializer(ThreadSerializer):
    messages = MessageSerializer(many=True, read_only=True)

    class Meta(ThreadSerializer.Meta):
        fields = [*ThreadSerializer.Meta.fields, "messages"]


class ThreadCreateSerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    recipients = serializers.ListField(child=serializers.IntegerField(), allow_empty=True)
    subject = serializers.CharField(allow_blank=True, max_length=1000)
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReplySerializer(serializers.Serializer[Any]):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ArchiveSerializer(serializers.Serializer[Any]):
    archived = serializers.BooleanField()


class ContactSerializer(serializers.Serializer[Any]):
    """A person the user may write to: their group in the address book (`administration`,
    `class_teacher`, `teachers`, `staff`, `students`, `parents`) and what tells them apart."""

    id = serializers.IntegerField(source="user_id")
    name = serializers.CharField()
    group = serializers.CharField()
    details = serializers.ListField(child=serializers.CharField())


def _flag(value: str | None) -> bool | None:
    if value is None or value == "":
        return None
    if value.lower() in {"1", "true", "yes"}:
        return True
    if value.lower() in {"0", "false", "no"}:
        return False
    raise exceptions.ValidationError({"detail": "true or false"})


def _school_param(request: Request, *, required: bool) -> Organization | None:
    """The `school` of the query or body: one the user takes part in (404 otherwise)."""
    raw = request.query_params.get("school")
    if raw in (None, ""):
        if required:
            raise exceptions.ValidationError({"school": [exceptions.ErrorDetail("required")]})
        return None
    try:
        school_id = int(str(raw))
    except ValueError as error:
        raise exceptions.NotFound() from error
    return _school(request, school_id)


def _school(request: Request, school_id: int) -> Organization:
    if not access_for(request.user).can_read_school(school_id):
        raise exceptions.NotFound()
    school = Organization.objects.filter(pk=school_id).first()
    if school is None:
        raise exceptions.NotFound()
    if not rules.may_write_in(request.user, school):
        raise exceptions.PermissionDenied()
    return school


# --- conversations -------------------------------------------------------------------------------
@extend_schema(tags=TAGS)
class ThreadViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Thread],
):
    """The user's conversations (only the participants see one)."""

    queryset = Thread.objects.none()  # the model, for the schema
    serializer_class = ThreadSerializer
    filter_backends: list[Any] = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_serializer_class(self) -> Any:
        if self.action == "retrieve":
            return ThreadDetailSerializer
        return ThreadSerializer

    def get_queryset(self) -> QuerySet[Thread]:
        request = self.request
        school = _school_param(request, required=False)
        show = SHOW_INBOX
        if _flag(request.query_params.get("archived")):
            show = SHOW_ARCHIVED
        elif _flag(request.query_params.get("unread")):
            show = SHOW_UNREAD
        return thread_list(
            request.user, school, q=(request.query_params.get("q") or "")[:200], show=show
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("school", int, description="Only conversations of this school."),
            OpenApiParameter("q", str, description="Words of the subject or a message's text."),
            OpenApiParameter("unread", bool, description="Only those with unread messages."),
            OpenApiParameter(
                "archived", bool, description="The archive instead of the inbox (default: inbox)."
            ),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The user's conversations, newest activity first, with their unread counts."""
        return super().list(request, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """One conversation with its messages in order (does not mark it read: see `read`)."""
        thread = self._thread(kwargs["pk"])
        return Response(ThreadDetailSerializer(thread).data)

    def _thread(self, pk: Any) -> Any:
        thread = thread_detail(self.request.user, None, pk)
        if thread is None:
            raise exceptions.NotFound()
        return thread

    @extend_schema(
        request={
            "application/json": ThreadCreateSerializer,
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "school": {"type": "integer"},
                    "recipients": {"type": "array", "items": {"type": "integer"}},
                    "subject": {"type": "string"},
                    "body": {"type": "string"},
                    "file": FILES_SCHEMA,
                },
                "required": ["school", "recipients", "subject", "body"],
            },
        },
        responses={201: ThreadDetailSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Start a conversation: every recipient allowed by the rules (one forbidden recipient
        refuses the whole message, 400, naming them), at most 20 recipients (100 for the
        administration), at most 10 files (`file` parts)."""
        data: Any = request.data
        if hasattr(data, "getlist"):
            data = {
                "school": data.get("school"),
                "recipients": data.getlist("recipients"),
                "subject": data.get("subject", ""),
                "body": data.get("body", ""),
            }
        payload = ThreadCreateSerializer(data=data)
        payload.is_valid(raise_exception=True)
        school = _school(request, payload.validated_data["school"])
        thread = thread_start(
            actor=self.actor,
            school=school,
            recipients=payload.validated_data["recipients"],
            subject=payload.validated_data["subject"],
            body=payload.validated_data["body"],
            files=request.FILES.getlist("file"),
        )
        return Response(
            ThreadDetailSerializer(self._thread(thread.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request={
            "application/json": ReplySerializer,
            "multipart/form-data": {
                "type": "object",
                "properties": {"body": {"type": "string"}, "file": FILES_SCHEMA},
                "required": ["body"],
            },
        },
        responses={201: MessageSerializer},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        """Reply in the conversation (participants only; at most 10 `file` parts)."""
        thread = self._thread(pk)
        payload = ReplySerializer(data={"body": request.data.get("body", "")})
        payload.is_valid(raise_exception=True)
        message = message_reply(
            actor=self.actor,
            thread=thread,
            body=payload.validated_data["body"],
            files=request.FILES.getlist("file"),
        )
        row = Message.objects.prefetch_related("attachments").select_related("author__person")
        return Response(
            MessageSerializer(row.get(pk=message.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: str | None = None) -> Response:
        """Mark the conversation read up to its latest message."""
        thread_mark_read(actor=self.actor, thread=self._thread(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ArchiveSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, pk: str | None = None) -> Response:
        """Move the conversation into the user's archive (`archived: true`) or back."""
        payload = ArchiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        thread_archive(
            actor=self.actor, thread=self._thread(pk), archived=payload.validated_data["archived"]
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=TAGS)
class MessageAttachmentDownloadView(ApiView):
    """`GET /api/v1/messages/attachments/{id}/download/`."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file under its original name."
            )
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        """A file of a message, for the participants of its conversation (404 otherwise)."""
        row = attachment_for(request.user, None, pk)
        if row is None:
            raise exceptions.NotFound()
        try:
            stream = row.file.open("rb")
        except FileNotFoundError as error:
            raise exceptions.NotFound() from error
        return attachment_response(stream, name=row.name, content_type=row.content_type)


@extend_schema(tags=TAGS)
class RecipientsView(ApiView, generics.GenericAPIView[Any]):
    """`GET /api/v1/messages/recipients/?school=&q=` — the address book."""

    pagination_class = DefaultPagination
    serializer_class = ContactSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        parameters=[
            OpenApiParameter("school", int, required=True),
            OpenApiParameter("q", str, description="Words of the person's name."),
        ],
        responses={200: ContactSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        """The people the user may write to in the school, by name, with their group."""
        school = _school_param(request, required=True)
        users = recipients_queryset(
            request.user, school, (request.query_params.get("q") or "")[:200]
        )
        page = self.paginate_queryset(users) or []
        contacts = describe(request.user, school, list(page))
        return self.get_paginated_response(ContactSerializer(contacts, many=True).data)
