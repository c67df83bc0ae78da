"""Endpoints of calendar-thematic plans. Reads: the staff of the school and municipal
specialists (the same rule as the pages). Writes: the plan's editors (the school administration,
the plan's teacher, a teacher of the subject for templates), through the same services as the
pages, so the API refuses what the pages refuse with the same messages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiWriteMixin
from parta.people.models import SchoolClass
from parta.thematic.api import filters, serializers
from parta.thematic.data import TopicData
from parta.thematic.exporting import XLSX_CONTENT_TYPE, export_plan, xlsx_response
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.parsing import MAX_FILE_BYTES
from parta.thematic.rules import can_edit_plan, can_write_plans
from parta.thematic.selectors import plan_hours
from parta.thematic.services import (
    import_preview,
    plan_bind,
    plan_create,
    plan_delete,
    plan_import_rows,
    plan_update,
    template_apply,
    topic_add,
    topic_delete,
    topic_update,
    topics_reorder,
)
from parta.timetable.models import Lesson


class _Base(ApiWriteMixin, viewsets.ModelViewSet[Any]):
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def require_edit(self, plan: ThematicPlan) -> None:
        if not can_edit_plan(self.request.user, plan):
            raise exceptions.PermissionDenied()


@extend_schema(tags=["thematic plans"])
class ThematicPlanViewSet(_Base):
    """Thematic plans and templates with their number of topics."""

    queryset = ThematicPlan.objects.none()  # the model, for the schema
    serializer_class = serializers.ThematicPlanSerializer
    filterset_class = filters.ThematicPlanFilter

    def get_queryset(self) -> QuerySet[ThematicPlan]:
        return (
            ThematicPlan.objects.visible_to(self.request.user)
            .annotate(topic_count=Count("topics"))
            .order_by("school_id", "academic_year_id", "grade", "subject_id", "pk")
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school_id = int(data["academic_year"].school_id)
        if not can_write_plans(self.request.user, school_id):
            raise exceptions.PermissionDenied()
        if data.get("is_template") and not data.get("grade"):
            raise exceptions.ValidationError({"grade": [_("A template needs its grade.")]})
        data.setdefault("grade", 1)  # a class plan takes the grade of its class
        plan = ThematicPlan(school_id=school_id, **data)
        serializer.instance = plan_create(actor=self.actor, plan=plan)
        serializer.instance.topic_count = 0

    def perform_update(self, serializer: Any) -> None:
        plan = serializer.instance
        self.require_edit(plan)
        data = {k: v for k, v in serializer.validated_data.items() if k != "is_template"}
        serializer.instance = plan_update(actor=self.actor, plan=plan, data=data)

    def perform_destroy(self, instance: ThematicPlan) -> None:
        self.require_edit(instance)
        plan_delete(actor=self.actor, plan=instance)

    @extend_schema(
        request={"multipart/form-data": serializers.ImportSerializer},
        responses={
            200: serializers.ImportPreviewSerializer,
            201: serializers.ImportResultSerializer,
            400: serializers.ImportPreviewSerializer,
        },
        description=(
            "Import topics from an XLSX file. `dry_run=true` (the default) only checks the file "
            "and answers every row and every error with its row and column; `dry_run=false` "
            "writes (replace or append) in one transaction and re-binds the lessons, or "
            "answers 400 with the errors and writes nothing."
        ),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_file(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        self.require_edit(plan)
        query = serializers.ImportSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        mode = query.validated_data["mode"]
        preview = import_preview(
            plan=plan,
            content=query.validated_data["file"].read(MAX_FILE_BYTES + 1),
            mode=mode,
        )
        if not preview.ok:
            return Response(preview.as_dict(), status=status.HTTP_400_BAD_REQUEST)
        if query.validated_data["dry_run"]:
            return Response(preview.as_dict())
        result = plan_import_rows(actor=self.actor, plan=plan, rows=preview.rows, mode=mode)
        return Response(
            {"written": result.written, "binding": result.binding.as_dict()},
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
        description="The plan as an XLSX file in the import format.",
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> Any:
        plan = self.get_object()
        topics = PlanTopic.objects.filter(plan=plan).order_by("position")
        name = slugify(f"ktp-{plan.pk}", True)
        return xlsx_response(export_plan(plan, topics), f"{name}.xlsx")

    @extend_schema(request=None, responses=serializers.BindResultSerializer)
    @action(detail=True, methods=["post"])
    def bind(self, request: Request, pk: str | None = None) -> Response:
        """Bind the topics to the scheduled lessons again (after the lessons changed)."""
        plan = self.get_object()
        self.require_edit(plan)
        return Response(plan_bind(actor=self.actor, plan=plan).as_dict())

    @extend_schema(responses=serializers.HoursCheckSerializer)
    @action(detail=True, methods=["get"])
    def hours(self, request: Request, pk: str | None = None) -> Response:
        """Plan hours vs curriculum hours vs scheduled lessons, per study period and year."""
        plan = self.get_object()
        return Response(serializers.HoursCheckSerializer(plan_hours(plan)).data)

    @extend_schema(request=serializers.ReorderSerializer, responses={204: None})
    @action(detail=True, methods=["post"])
    def reorder(self, request: Request, pk: str | None = None) -> Response:
        plan = self.get_object()
        self.require_edit(plan)
        body = serializers.ReorderSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        topics_reorder(actor=self.actor, plan=plan, order=body.validated_data["order"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.ApplyTemplateSerializer, responses=serializers.ApplyReportSerializer
    )
    @action(detail=True, methods=["post"], url_path="apply-template")
    def apply_template(self, request: Request, pk: str | None = None) -> Response:
        """Create the plans of classes (of the template's grade) from this template."""
        plan = self.get_object()
        self.require_edit(plan)
        body = serializers.ApplyTemplateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data["classes"]
        classes = list(SchoolClass.objects.filter(school_id=plan.school_id, pk__in=ids))
        if len(classes) != len(set(ids)):
            raise exceptions.ValidationError({"classes": ["Unknown class."]})
        report = template_apply(actor=self.actor, template=plan, classes=classes)
        return Response(
            {
                "created": [p.pk for p in report.created],
                "skipped": [list(item) for item in report.skipped],
            }
        )


@extend_schema(tags=["thematic plans"])
class PlanTopicViewSet(_Base):
    """Topics of the plans the user reads, in plan order, with the dates of their lessons."""

    queryset = PlanTopic.objects.none()
    serializer_class = serializers.PlanTopicSerializer
    filterset_class = filters.PlanTopicFilter

    def get_queryset(self) -> QuerySet[PlanTopic]:
        return (
            PlanTopic.objects.visible_to(self.request.user)
            .prefetch_related(
                Prefetch(
                    "lessons",
                    queryset=Lesson.objects.only("pk", "date", "plan_topic_id").order_by(
                        "date", "slot_number"
                    ),
                )
            )
            .order_by("plan_id", "position")
        )

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        self.require_edit(plan)
        position = data.pop("position", None)
        topic = topic_add(
            actor=self.actor,
            plan=plan,
            data=TopicData(
                title=data.get("title", ""),
                hours=data.get("hours", TopicData.hours),
                section=data.get("section", ""),
                homework=data.get("homework", ""),
                materials=data.get("materials", ""),
                planned_date=data.get("planned_date"),
            ),
            position=position,
        )
        topic.refresh_from_db()
        serializer.instance = topic

    def perform_update(self, serializer: Any) -> None:
        topic = serializer.instance
        self.require_edit(topic.plan)
        data = {k: v for k, v in serializer.validated_data.items() if k not in {"plan", "position"}}
        serializer.instance = topic_update(actor=self.actor, topic=topic, data=data)

    def perform_destroy(self, instance: PlanTopic) -> None:
        self.require_edit(instance.plan)
        topic_delete(actor=self.actor, topic=instance)
