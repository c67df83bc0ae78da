"""The journal access report: who created, changed or deleted what in a school's journals over
a date range (`journal.access_report`), paginated. Read by the school's administration and the
municipal specialists who read the school."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.views import ApiView
from parta.journal.access_report import (
    ACTION_LABELS,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    ReportKind,
    ReportRow,
    filter_arguments,
    may_read_access_report,
    report_events,
    report_filter,
    report_rows,
)
from parta.organizations.models import Organization


class AccessReportPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class AccessReportQuerySerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    date_from = serializers.DateField(required=False, help_text="Default: six days before date_to.")
    date_to = serializers.DateField(required=False, help_text="Default: the school's today.")
    school_class = serializers.IntegerField(required=False, help_text="Its subgroups included.")
    subject = serializers.IntegerField(required=False)
    user = serializers.IntegerField(required=False, help_text="Who acted.")
    action = serializers.ChoiceField(choices=list(ACTION_LABELS), required=False)
    kind = serializers.ChoiceField(choices=ReportKind.choices, required=False)
    page = serializers.IntegerField(required=False, min_value=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, help_text="At most 200 (larger sizes give 200)."
    )


class AccessReportRowSerializer(serializers.Serializer[Any]):
    """One action: the audit event with the lesson, class, subject, period and student it
    concerns, and a readable before → after (the raw JSON too)."""

    id = serializers.IntegerField(source="event.pk")
    created_at = serializers.DateTimeField(source="at")
    actor = serializers.IntegerField(source="event.actor_id", allow_null=True)
    actor_name = serializers.CharField()
    action = serializers.CharField()
    kind = serializers.CharField()
    object_type = serializers.CharField(source="event.object_type")
    object_id = serializers.CharField(source="event.object_id")
    what = serializers.CharField()
    lesson = serializers.IntegerField(source="lesson.pk", allow_null=True, default=None)
    lesson_date = serializers.DateField(allow_null=True)
    school_class_name = serializers.CharField()
    subject_name = serializers.CharField()
    period_name = serializers.CharField()
    student = serializers.IntegerField(source="student.pk", allow_null=True, default=None)
    student_name = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()
    before_data = serializers.JSONField(source="event.before", allow_null=True)
    after_data = serializers.JSONField(source="event.after", allow_null=True)
    ip_address = serializers.CharField(source="event.ip_address", allow_null=True)
    url = serializers.CharField()
    history_url = serializers.CharField()


class AccessReportPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AccessReportRowSerializer(many=True)


class AccessReportView(ApiView):
    """Who created, changed or deleted marks, attendance, topics, assignments, final marks,
    absence documents, closed periods and the journal settings of a school, by the date of the
    action (at most a year; the last seven days by default), the newest first. 404 for a
    school the user does not read, 403 for anyone but its director, deputy director, the system
    administrator and the municipal specialists reading it. A constant number of queries
    whatever the page size (≤ 200)."""

    @extend_schema(
        tags=["journal"],
        parameters=[AccessReportQuerySerializer],
        responses=AccessReportPageSerializer,
    )
    def get(self, request: Request) -> Response:
        query = AccessReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        access = access_for(request.user)
        if not access.can_read_school(data["school"]):
            raise exceptions.NotFound()
        if not may_read_access_report(access, data["school"]):
            raise exceptions.PermissionDenied()
        school = Organization.objects.get(pk=data["school"])
        try:
            rules = report_filter(
                school=school,
                **filter_arguments(data),
            )
        except ValidationError as error:
            detail: Any = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise exceptions.ValidationError(detail) from error
        paginator = AccessReportPagination()
        page = paginator.paginate_queryset(report_events(school, rules), request, view=self)
        rows: list[ReportRow] = report_rows(school, page or [])
        return paginator.get_paginated_response(AccessReportRowSerializer(rows, many=True).data)
