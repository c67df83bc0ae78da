"""Correction requests through the API, through the same services and selector as the pages.
List and detail: the user's own requests and every request of the schools where they decide
(director, deputy director); `status` and `lesson` filter. Create: the keeper of a lesson whose
edit window has ended (403 for anyone else, 400 when there is nothing to ask). `approve` and
`reject`: the director and the deputy director of the request's school; `withdraw`: the
requester. Another school's requests answer 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiWriteMixin
from parta.journal.api.access import found
from parta.journal.choices import CorrectionStatus
from parta.journal.corrections import correction_requests
from parta.journal.models import CorrectionRequest
from parta.journal.services import (
    correction_request_approve,
    correction_request_create,
    correction_request_reject,
    correction_request_withdraw,
)
from parta.journal.services.corrections import MAX_NOTE_LENGTH, MAX_REASON_LENGTH
from parta.timetable.models import Lesson

STATUS_HELP = "One of: " + ", ".join(CorrectionStatus.values) + "."


class CorrectionRequestSerializer(serializers.ModelSerializer[CorrectionRequest]):
    school = serializers.IntegerField(source="school_id", read_only=True)
    lesson = serializers.IntegerField(source="lesson_id", read_only=True)
    requested_by = serializers.IntegerField(source="requested_by_id", read_only=True)
    decided_by = serializers.IntegerField(source="decided_by_id", read_only=True, allow_null=True)
    #: a plain string in the schema (its enum would collide with the other "status" fields)
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    lesson_name = serializers.CharField(source="lesson.__str__", read_only=True)

    class Meta:
        model = CorrectionRequest
        fields = [
            "id",
            "school",
            "lesson",
            "lesson_name",
            "requested_by",
            "reason",
            "status",
            "created_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "open_until",
        ]
        read_only_fields = fields


class CorrectionQuerySerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(
        choices=CorrectionStatus.values, required=False, help_text=STATUS_HELP
    )
    lesson = serializers.IntegerField(required=False, help_text="A lesson id.")


class CorrectionCreateSerializer(serializers.Serializer[Any]):
    lesson = serializers.IntegerField()
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH)


class CorrectionApproveSerializer(serializers.Serializer[Any]):
    open_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The last day (school date, inclusive); default: today + 2 days, at most "
        "14 days ahead.",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_NOTE_LENGTH)


class CorrectionRejectSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=MAX_NOTE_LENGTH)


def _refused(error: DjangoValidationError) -> exceptions.APIException:
    if getattr(error, "code", None) == "forbidden":
        return exceptions.PermissionDenied(error.messages[0])
    return exceptions.ValidationError({"non_field_errors": error.messages})


@extend_schema(tags=["journal"])
class CorrectionRequestViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[CorrectionRequest],
):
    """Requests to correct a lesson after its edit window: pending first, then the newest."""

    queryset = CorrectionRequest.objects.none()  # the model, for the schema
    serializer_class = CorrectionRequestSerializer

    def get_queryset(self) -> QuerySet[CorrectionRequest]:
        if getattr(self, "swagger_fake_view", False):
            return CorrectionRequest.objects.none()
        if self.action != "list":
            return correction_requests(user=self.request.user)
        query = CorrectionQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return correction_requests(
            user=self.request.user,
            status=query.validated_data.get("status", ""),
            lesson_id=query.validated_data.get("lesson"),
        )

    @extend_schema(parameters=[CorrectionQuerySerializer])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _data(self, serializer_class: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _answer(self, correction: CorrectionRequest, code: int = 200) -> Response:
        fresh = self.get_queryset().get(pk=correction.pk)
        return Response(CorrectionRequestSerializer(fresh).data, status=code)

    @extend_schema(request=CorrectionCreateSerializer, responses={201: CorrectionRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Ask to correct a lesson whose edit window has ended (its teacher or substitute)."""
        data = self._data(CorrectionCreateSerializer)
        lesson = found(Lesson.objects.all(), data["lesson"], request.user)
        try:
            correction = correction_request_create(
                actor=self.actor, lesson=lesson, reason=data["reason"]
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(correction, status.HTTP_201_CREATED)

    @extend_schema(request=CorrectionApproveSerializer, responses=CorrectionRequestSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve: the lesson reopens to the requester until `open_until` inclusive."""
        correction = self.get_object()
        data = self._data(CorrectionApproveSerializer)
        try:
            correction = correction_request_approve(
                actor=self.actor,
                correction=correction,
                open_until=data.get("open_until"),
                note=data.get("note", ""),
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(correction)

    @extend_schema(request=CorrectionRejectSerializer, responses=CorrectionRequestSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """Reject with a note (required)."""
        correction = self.get_object()
        data = self._data(CorrectionRejectSerializer)
        try:
            correction = correction_request_reject(
                actor=self.actor, correction=correction, note=data["note"]
            )
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(correction)

    @extend_schema(request=None, responses=CorrectionRequestSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """Withdraw a pending request (the requester)."""
        correction = self.get_object()
        try:
            correction = correction_request_withdraw(actor=self.actor, correction=correction)
        except DjangoValidationError as error:
            raise _refused(error) from error
        return self._answer(correction)
