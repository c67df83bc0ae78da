"""Endpoints of subjects, curricula and the teaching load.

Reads follow the pages: curricula and the load are read by whole-school readers (school staff
administration, HR, municipal specialists); a teacher also reads their own load rows. Writes of
curriculum lines and load rows are for the school administration and go through the same
services as the pages (validated, audited, one transaction)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, viewsets
from rest_framework import serializers as drf_serializers
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.views import ApiView, ApiWriteMixin, ReadOnlyApiViewSet
from parta.curriculum.api import filters, serializers
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment
from parta.curriculum.selectors import curricula_with_items, load_check
from parta.curriculum.services import (
    assignment_create,
    assignment_delete,
    assignment_update,
    item_create,
    item_delete,
    item_update,
)
from parta.organizations.models import AcademicYear
from parta.people.selectors import current_year

M = TypeVar("M", bound=models.Model)


@extend_schema(tags=["subjects"])
class SubjectViewSet(ReadOnlyApiViewSet[Subject]):
    """The federal catalogue (readable by every user) and the own subjects of the schools the
    user belongs to or reads through a municipality."""

    queryset = Subject.objects.none()  # the model, for the schema
    serializer_class = serializers.SubjectSerializer
    filterset_class = filters.SubjectFilter

    def get_queryset(self) -> QuerySet[Subject]:
        return Subject.objects.visible_to(self.request.user).order_by("name", "school_id", "pk")


def _whole_school_ids(request: Request) -> list[int]:
    return access_for(request.user).whole_school_ids


@extend_schema(tags=["curriculum"])
class CurriculumViewSet(ReadOnlyApiViewSet[Curriculum]):
    """Curricula (учебный план) with their lines and totals, of the schools the user reads in
    full."""

    queryset = Curriculum.objects.none()
    serializer_class = serializers.CurriculumSerializer
    filterset_class = filters.CurriculumFilter

    def get_queryset(self) -> QuerySet[Curriculum]:
        qs = Curriculum.objects.filter(school_id__in=_whole_school_ids(self.request))
        return curricula_with_items(qs).order_by("academic_year_id", "grade", "name", "pk")


class AdminWriteViewSet(ApiWriteMixin, viewsets.ModelViewSet[M]):
    """Read for the rows of `get_queryset()`; create, update and delete for the school
    administration only, through the app's services."""

    model: ClassVar[type[models.Model]]
    create_service: ClassVar[Callable[..., Any]]
    update_service: ClassVar[Callable[..., Any]]
    delete_service: ClassVar[Callable[..., Any]]

    def school_id_for(self, data: dict[str, Any]) -> int:
        raise NotImplementedError

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        school_id = self.school_id_for(data)
        self.require_admin(school_id)
        instance = self.model(school_id=school_id, **data)
        serializer.instance = type(self).create_service(actor=self.actor, instance=instance)

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        self.require_admin(instance.school_id)
        data = dict(serializer.validated_data)
        serializer.instance = type(self).update_service(
            actor=self.actor, instance=instance, data=data
        )

    def perform_destroy(self, instance: Any) -> None:
        self.require_admin(instance.school_id)
        type(self).delete_service(actor=self.actor, instance=instance)


@extend_schema(tags=["curriculum"])
class CurriculumItemViewSet(AdminWriteViewSet[CurriculumItem]):
    """Lines of curricula. Writes: the school administration of the curriculum's school."""

    queryset = CurriculumItem.objects.none()
    serializer_class = serializers.CurriculumItemSerializer
    filterset_class = filters.CurriculumItemFilter
    model = CurriculumItem
    create_service = staticmethod(item_create)
    update_service = staticmethod(item_update)
    delete_service = staticmethod(item_delete)

    def get_queryset(self) -> QuerySet[CurriculumItem]:
        return CurriculumItem.objects.filter(
            school_id__in=_whole_school_ids(self.request)
        ).order_by("curriculum_id", "part", "subject__name", "pk")

    def school_id_for(self, data: dict[str, Any]) -> int:
        return int(data["curriculum"].school_id)


@extend_schema(tags=["teaching load"])
class TeachingAssignmentViewSet(AdminWriteViewSet[TeachingAssignment]):
    """The teaching load (педагогическая нагрузка): whole-school readers read every row of the
    school, a teacher their own rows. Writes: the school administration."""

    queryset = TeachingAssignment.objects.none()
    serializer_class = serializers.TeachingAssignmentSerializer
    filterset_class = filters.TeachingAssignmentFilter
    model = TeachingAssignment
    create_service = staticmethod(assignment_create)
    update_service = staticmethod(assignment_update)
    delete_service = staticmethod(assignment_delete)

    def get_queryset(self) -> QuerySet[TeachingAssignment]:
        user = self.request.user
        access = access_for(user)
        condition = Q(school_id__in=access.whole_school_ids)
        if user.pk is not None:
            condition |= Q(
                school_id__in=sorted(access.readable_school_ids),
                teacher__person__user_id=int(user.pk),
            )
        return TeachingAssignment.objects.filter(condition).order_by(
            "academic_year_id", "teacher_id", "subject_id", "pk"
        )

    def school_id_for(self, data: dict[str, Any]) -> int:
        return int(data["academic_year"].school_id)


class LoadCheckQuerySerializer(drf_serializers.Serializer[Any]):
    school = drf_serializers.IntegerField()
    academic_year = drf_serializers.IntegerField(required=False)


@extend_schema(tags=["teaching load"])
class LoadCheckView(ApiView):
    """The teaching load compared with the curricula of one school and year: per class the
    subjects whose hours are missing or in surplus, per teacher the weekly total."""

    @extend_schema(
        parameters=[
            OpenApiParameter("school", int, required=True),
            OpenApiParameter(
                "academic_year", int, required=False, description="Default: the current year."
            ),
        ],
        responses=serializers.LoadCheckSerializer,
    )
    def get(self, request: Request) -> Response:
        query = LoadCheckQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        school_id = query.validated_data["school"]
        access = access_for(request.user)
        if not access.can_read_school(school_id):
            raise Http404
        if not access.reads_whole_school(school_id):
            raise exceptions.PermissionDenied()
        year_id = query.validated_data.get("academic_year")
        if year_id is None:
            from parta.organizations.models import Organization

            year = current_year(Organization.objects.get(pk=school_id))
        else:
            year = AcademicYear.objects.filter(pk=year_id, school_id=school_id).first()
        if year is None:
            raise Http404
        check = load_check(school_id, year)
        data = {
            "school": school_id,
            "academic_year": year.pk,
            "classes": [
                {
                    "school_class": c.school_class.pk,
                    "name": c.school_class.name,
                    "curriculum": c.curriculum.pk if c.curriculum else None,
                    "problems": [
                        {
                            "subject": p.subject.pk,
                            "subject_name": p.subject.name,
                            "planned": p.line.planned,
                            "assigned": p.line.covered,
                            "missing": p.line.missing,
                            "surplus": p.line.surplus,
                        }
                        for p in c.problems
                    ],
                }
                for c in check.classes
            ],
            "teachers": [
                {
                    "teacher": t.teacher.pk,
                    "name": str(t.teacher),
                    "hours_per_week": t.total,
                    "assignments": [row.pk for row in t.rows],
                }
                for t in check.teachers
            ],
        }
        return Response(serializers.LoadCheckSerializer(data).data)
