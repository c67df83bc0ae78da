"""Endpoints of the assessment schedule: the procedures (read by everybody in the school;
written by the administration and by teachers for their classes and subjects, through the same
services as the pages), the violations and the XLSX export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.api.views import ApiWriteMixin
from parta.assessments.api import filters, serializers
from parta.assessments.export import XLSX_CONTENT_TYPE, export_filename, schedule_workbook
from parta.assessments.models import AssessmentProcedure
from parta.assessments.rules import can_plan
from parta.assessments.selectors import ScheduleFilter, schedule, violations
from parta.assessments.services import procedure_create, procedure_delete, procedure_update
from parta.assessments.texts import describe
from parta.organizations.models import AcademicYear, Organization
from parta.people.selectors import current_year

SCHOOL_PARAMETERS = [
    OpenApiParameter("school", int, required=True, description="The school."),
    OpenApiParameter("academic_year", int, description="The year (default: the current one)."),
    OpenApiParameter("grade", int),
    OpenApiParameter("school_class", int),
    OpenApiParameter("subject", int),
    OpenApiParameter("date_from", OpenApiTypes.DATE),
    OpenApiParameter("date_to", OpenApiTypes.DATE),
]


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@extend_schema(tags=["assessments"])
class AssessmentProcedureViewSet(ApiWriteMixin, viewsets.ModelViewSet[AssessmentProcedure]):
    """The schedule of assessment procedures. Read: everybody in the school (the schedule is
    published). Create, update, delete: the school administration, and teachers for the
    classes and subjects of their teaching load."""

    queryset = AssessmentProcedure.objects.none()  # the model, for the schema
    serializer_class = serializers.AssessmentProcedureSerializer
    filterset_class = filters.AssessmentProcedureFilter

    def get_queryset(self) -> QuerySet[AssessmentProcedure]:
        return (
            AssessmentProcedure.objects.visible_to(self.request.user)
            .select_related("lesson")
            .order_by("school_id", "date", "school_class_id", "pk")
        )

    def require_planner(self, school_id: int, class_id: int, subject_id: int) -> None:
        if not can_plan(self.request.user, school_id, class_id, subject_id):
            raise exceptions.PermissionDenied()

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school_id = int(data["school_class"].school_id)
        self.require_planner(school_id, data["school_class"].pk, data["subject"].pk)
        procedure = AssessmentProcedure(school_id=school_id, **data)
        serializer.instance = procedure_create(actor=self.actor, instance=procedure)

    def perform_update(self, serializer: Any) -> None:
        procedure = serializer.instance
        self.require_planner(procedure.school_id, procedure.school_class_id, procedure.subject_id)
        data = dict(serializer.validated_data)
        class_id = data["school_class"].pk if "school_class" in data else procedure.school_class_id
        subject_id = data["subject"].pk if "subject" in data else procedure.subject_id
        self.require_planner(procedure.school_id, class_id, subject_id)
        serializer.instance = procedure_update(actor=self.actor, instance=procedure, data=data)

    def perform_destroy(self, instance: AssessmentProcedure) -> None:
        self.require_planner(instance.school_id, instance.school_class_id, instance.subject_id)
        procedure_delete(actor=self.actor, instance=instance)

    # --- the school's schedule as a whole ------------------------------------------------------

    def _school_and_year(self, *, staff_only: bool) -> tuple[Organization, AcademicYear]:
        params = self.request.query_params
        school_id = _int(params.get("school"))
        access = access_for(self.request.user)
        if school_id is None:
            raise exceptions.ValidationError({"school": ["This parameter is required."]})
        if not access.can_read_school(school_id):
            raise exceptions.NotFound()
        if staff_only and not (
            access.reads_whole_school(school_id) or access.has_role(school_id, Role.TEACHER)
        ):
            raise exceptions.PermissionDenied()
        school = Organization.objects.get(pk=school_id)
        year_id = _int(params.get("academic_year"))
        year = (
            AcademicYear.objects.filter(school=school, pk=year_id).first()
            if year_id
            else current_year(school)
        )
        if year is None:
            raise exceptions.NotFound()
        return school, year

    def _filter(self) -> ScheduleFilter:
        params = self.request.query_params
        field = drf_serializers.DateField()
        return ScheduleFilter(
            grade=_int(params.get("grade")),
            school_class_id=_int(params.get("school_class")),
            subject_id=_int(params.get("subject")),
            start=field.to_internal_value(params["date_from"]) if params.get("date_from") else None,
            end=field.to_internal_value(params["date_to"]) if params.get("date_to") else None,
        )

    @extend_schema(
        parameters=SCHOOL_PARAMETERS,
        responses=serializers.ViolationSerializer(many=True),
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def violations(self, request: Request) -> Response:
        """Violations of the federal recommendations in one school's year (staff and
        teachers of the school)."""
        school, year = self._school_and_year(staff_only=True)
        rows = [
            {
                "rule": v.rule,
                "rule_label": str(v.rule.label),
                "class_name": v.class_name,
                "subject_name": v.subject_name,
                "dates": list(v.dates),
                "procedure_ids": list(v.procedure_ids),
                "message": describe(v),
            }
            for v in violations(school, year, self._filter())
        ]
        return Response(serializers.ViolationSerializer(rows, many=True).data)

    @extend_schema(
        parameters=SCHOOL_PARAMETERS,
        responses={(200, XLSX_CONTENT_TYPE): OpenApiTypes.BINARY},
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def export(self, request: Request) -> HttpResponse:
        """One school's schedule as an XLSX file (everybody in the school)."""
        school, year = self._school_and_year(staff_only=False)
        content = schedule_workbook(
            schedule(school, year, self._filter()),
            school_name=school.short_name,
            year_name=year.name,
        )
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(year.name)}"'
        return response
