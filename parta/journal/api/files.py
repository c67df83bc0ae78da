"""Files of assignments through the API: attach (multipart, one or several `file` parts),
list, remove, download. Read and download: those who read the lesson's journal (404 for
everyone else); attach and remove: those who may change the lesson's journal today (403).
The same services as the lesson page, so the same limits and messages; the storage URL is
never given out, only the download endpoint."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.filters import IdFilter, SchoolFilterSet
from parta.api.views import ApiWriteMixin
from parta.journal import services
from parta.journal.api import serializers
from parta.journal.api.access import found, require_write
from parta.journal.models import Assignment, AssignmentFile
from parta.journal.views.files import download as file_download
from parta.journal.views.files import readable_file


class AssignmentFileFilter(SchoolFilterSet):
    assignment = IdFilter(field_name="assignment_id")
    lesson = IdFilter(field_name="assignment__lesson_id")

    class Meta:
        model = AssignmentFile
        fields = ["school", "assignment", "lesson"]


class AssignmentFileUploadView(ApiWriteMixin):
    """`POST /api/v1/assignments/{id}/files/`."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        tags=["journal"],
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {
                    "file": {"type": "array", "items": {"type": "string", "format": "binary"}}
                },
                "required": ["file"],
            }
        },
        responses={201: serializers.AssignmentFileSerializer(many=True)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Attach one or several files (`file` parts) to the assignment, all or none: each is
        checked (size, type, content matching the extension) and an assignment holds at most
        10 files; a refusal (400) names each refused file."""
        assignment = found(Assignment.objects.select_related("lesson__school"), pk, request.user)
        require_write(request.user, assignment.lesson)
        rows = services.assignment_files_attach(
            actor=self.actor, assignment=assignment, files=request.FILES.getlist("file")
        )
        return Response(
            serializers.AssignmentFileSerializer(rows, many=True).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["journal"])
class AssignmentFileViewSet(
    ApiWriteMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[AssignmentFile],
):
    """Files attached to assignments. Read: those who read the lesson's journal. Remove: those
    who may change the lesson's journal."""

    queryset = AssignmentFile.objects.none()  # the model, for the schema
    serializer_class = serializers.AssignmentFileSerializer
    filterset_class = AssignmentFileFilter

    def get_queryset(self) -> QuerySet[AssignmentFile]:
        return AssignmentFile.objects.visible_to(self.request.user).order_by(
            "school_id", "assignment_id", "pk"
        )

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Remove the file (the stored file goes after the commit)."""
        row = found(
            AssignmentFile.objects.select_related("assignment__lesson__school"),
            kwargs["pk"],
            request.user,
        )
        require_write(request.user, row.assignment.lesson)
        services.assignment_file_remove(actor=self.actor, file=row)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="The file, as an attachment under its original name.",
            )
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponseBase:
        """The file's content (`Content-Disposition: attachment` with the original name)."""
        schools = sorted(access_for(request.user).readable_school_ids)
        try:
            row = readable_file(
                request.user, AssignmentFile.objects.filter(school_id__in=schools), pk
            )
        except Http404 as error:
            raise exceptions.NotFound() from error
        return file_download(row)
