"""Endpoints of dated lessons, substitutions and days with another bell schedule. Read by
everybody in the school; written by the school administration through the same services as
the pages, so the API refuses the same holidays and clashes with the same messages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.views import ApiWriteMixin, ReadOnlyApiViewSet
from parta.timetable.api import filters, serializers
from parta.timetable.models import BellScheduleDay, Lesson, Substitution
from parta.timetable.selectors import changes_report
from parta.timetable.services import lessons as lesson_services
from parta.timetable.services.bell_days import bell_schedule_day_add, bell_schedule_day_delete
from parta.timetable.services.generation import lessons_generate
from parta.timetable.services.substitutions import substitution_remove, substitution_set


class WritesMixin(ApiWriteMixin):
    """Input parsing of the writing endpoints (the actor and the administration check come from
    `ApiWriteMixin`)."""

    def valid(self, serializer_class: Any) -> dict[str, Any]:
        request = self._request()
        serializer = serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


@extend_schema(tags=["lessons"])
class LessonViewSet(
    WritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Lesson],
):
    """Dated lessons. Read: everybody in the school. Add, move, cancel, restore, substitute,
    generate: the school administration."""

    queryset = Lesson.objects.none()  # the model, for the schema
    serializer_class = serializers.LessonSerializer
    filterset_class = filters.LessonFilter

    def get_queryset(self) -> QuerySet[Lesson]:
        return (
            Lesson.objects.visible_to(self.request.user)
            .select_related("substitution")
            .order_by("school_id", "date", "slot_number", "pk")
        )

    def _answer(self, lesson: Lesson, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=lesson.pk)
        return Response(serializers.LessonSerializer(fresh).data, status=code)

    @extend_schema(
        request=serializers.LessonAddSerializer,
        responses={201: serializers.LessonSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Add a lesson by hand."""
        data = self.valid(serializers.LessonAddSerializer)
        audience = data.get("school_class") or data.get("study_group")
        if audience is None:
            raise exceptions.ValidationError(
                {"school_class": [_("Choose either a class or a study group.")]}
            )
        self.require_admin(audience.school_id)
        lesson = lesson_services.lesson_add(actor=self.actor, school=audience.school, **data)
        return self._answer(lesson, status.HTTP_201_CREATED)

    @extend_schema(request=serializers.LessonMoveSerializer, responses=serializers.LessonSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        lesson = self.get_object()
        self.require_admin(lesson.school_id)
        data = self.valid(serializers.LessonMoveSerializer)
        room = data.get("room", lesson_services.KEEP)
        moved = lesson_services.lesson_move(
            actor=self.actor,
            lesson=lesson,
            date=data["date"],
            slot_number=data["slot_number"],
            room=room,
        )
        return self._answer(moved)

    @extend_schema(
        request=serializers.LessonCancelSerializer, responses=serializers.LessonSerializer
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        lesson = self.get_object()
        self.require_admin(lesson.school_id)
        data = self.valid(serializers.LessonCancelSerializer)
        return self._answer(
            lesson_services.lesson_cancel(actor=self.actor, lesson=lesson, reason=data["reason"])
        )

    @extend_schema(request=None, responses=serializers.LessonSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk: str | None = None) -> Response:
        lesson = self.get_object()
        self.require_admin(lesson.school_id)
        return self._answer(lesson_services.lesson_restore(actor=self.actor, lesson=lesson))

    @extend_schema(
        methods=["PUT"],
        request=serializers.SubstitutionSetSerializer,
        responses=serializers.LessonSerializer,
    )
    @extend_schema(methods=["DELETE"], request=None, responses={204: None})
    @action(detail=True, methods=["put", "delete"])
    def substitution(self, request: Request, pk: str | None = None) -> Response:
        """Set or replace (PUT) or remove (DELETE) the lesson's substitute."""
        lesson = self.get_object()
        self.require_admin(lesson.school_id)
        if request.method == "DELETE":
            substitution_remove(actor=self.actor, lesson=lesson)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = self.valid(serializers.SubstitutionSetSerializer)
        substitution_set(actor=self.actor, lesson=lesson, **data)
        return self._answer(lesson)

    @extend_schema(
        request=serializers.GenerateSerializer,
        responses=serializers.GenerationResultSerializer,
    )
    @action(detail=False, methods=["post"])
    def generate(self, request: Request) -> Response:
        """Generate or regenerate the lessons of a year (or of a part of it) from the weekly
        timetable; lessons holding data are kept and listed."""
        data = self.valid(serializers.GenerateSerializer)
        year = data["academic_year"]
        self.require_admin(year.school_id)
        classes = data.get("school_class") or []
        result = lessons_generate(
            actor=self.actor,
            academic_year=year,
            start=data.get("start") or year.start_date,
            end=data.get("end") or year.end_date,
            class_ids=[c.pk for c in classes] or None,
        )
        return Response(serializers.GenerationResultSerializer(result).data)


@extend_schema(tags=["lessons"])
class SubstitutionViewSet(ReadOnlyApiViewSet[Substitution]):
    """Substitutions, read by everybody in the school; written through `lessons/{id}/substitution/`."""

    queryset = Substitution.objects.none()  # the model, for the schema
    serializer_class = serializers.SubstitutionSerializer
    filterset_class = filters.SubstitutionFilter

    def get_queryset(self) -> QuerySet[Substitution]:
        return (
            Substitution.objects.visible_to(self.request.user)
            .select_related("lesson")
            .order_by("school_id", "lesson__date", "lesson__slot_number", "pk")
        )

    @extend_schema(
        parameters=[serializers.ReportQuerySerializer], responses=serializers.ReportSerializer
    )
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def report(self, request: Request) -> Response:
        """Substitutions and cancellations of a school between two dates (at most a year):
        counts per teacher and per subject, and every lesson. School staff and municipal
        readers."""
        query = serializers.ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        school_id, start, end = (query.validated_data[k] for k in ("school", "start", "end"))
        access = access_for(request.user)
        if not access.can_read_school(school_id):
            raise exceptions.NotFound()
        if not access.reads_whole_school(school_id):
            raise exceptions.PermissionDenied()
        if end < start or (end - start).days > 366:
            raise exceptions.ValidationError(
                {"end": [_("Choose at most a year, ending after the start.")]}
            )
        report = changes_report(school_id, start, end)
        data = {
            "start": start,
            "end": end,
            "teachers": [{"name": name, **vars(counts)} for name, counts in report.teachers],
            "subjects": [{"name": name, **vars(counts)} for name, counts in report.subjects],
            "lessons": report.lessons,
        }
        return Response(serializers.ReportSerializer(data).data)


@extend_schema(tags=["lessons"])
class BellScheduleDayViewSet(
    WritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[BellScheduleDay],
):
    """Days with another bell schedule. Read: everybody in the school; add and delete: the
    school administration (the day's lessons take the new times)."""

    queryset = BellScheduleDay.objects.none()  # the model, for the schema
    serializer_class = serializers.BellScheduleDaySerializer
    filterset_class = filters.BellScheduleDayFilter

    def get_queryset(self) -> QuerySet[BellScheduleDay]:
        school_ids = sorted(access_for(self.request.user).readable_school_ids)
        return BellScheduleDay.objects.filter(school_id__in=school_ids).order_by(
            "school_id", "date"
        )

    def perform_create(self, serializer: Any) -> None:
        schedule = serializer.validated_data["bell_schedule"]
        self.require_admin(schedule.school_id)
        serializer.instance = bell_schedule_day_add(
            actor=self.actor,
            school=schedule.school,
            date=serializer.validated_data["date"],
            bell_schedule=schedule,
        )

    def perform_destroy(self, instance: BellScheduleDay) -> None:
        self.require_admin(instance.school_id)
        bell_schedule_day_delete(actor=self.actor, day=instance)
