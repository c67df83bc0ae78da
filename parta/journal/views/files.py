"""Downloading an assignment's file: streamed through the journal's read rule (those who may
read the lesson's journal), 404 for everyone else; the storage URL is never shown."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.views import View

from parta.core.files import attachment_response
from parta.core.mixins import SchoolContextMixin
from parta.journal.models import AssignmentFile
from parta.journal.rules import may_read_lesson_journal


def readable_file(user: Any, queryset: Any, pk: Any) -> AssignmentFile:
    """The file `pk` of `queryset` (already limited to a school) if the user may read its
    lesson's journal; 404 otherwise, like a missing one."""
    row = queryset.select_related("assignment__lesson").filter(pk=pk).first()
    if row is None or not may_read_lesson_journal(user, row.assignment.lesson):
        raise Http404
    return row


def download(row: AssignmentFile) -> HttpResponseBase:
    try:
        stream = row.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return attachment_response(stream, name=row.name, content_type=row.content_type)


class AssignmentFileDownloadView(SchoolContextMixin, View):
    required_access = "read"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        row = readable_file(
            request.user, AssignmentFile.objects.for_school(self.school), kwargs["pk"]
        )
        return download(row)
