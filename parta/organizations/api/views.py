"""Read endpoints of the organization tree and the school's structure.

The tree follows `Organization.objects.visible_to`. The structure (years, periods, holidays,
buildings, rooms) is read by everybody who belongs to the school (staff, teachers, students,
parents) and by municipal readers above it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema

from parta.api.views import ReadOnlyApiViewSet
from parta.organizations.api import filters, serializers
from parta.organizations.models import (
    AcademicYear,
    Building,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
    StudyPeriod,
)
from parta.organizations.querysets import SchoolOwnedQuerySet


@extend_schema(tags=["organizations"])
class OrganizationViewSet(ReadOnlyApiViewSet[Organization]):
    """Organizations the user reaches: their schools, the municipalities and regions above them,
    and for a municipal specialist every school below their municipality."""

    queryset = Organization.objects.none()  # the model, for the schema
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filters.OrganizationFilter

    def get_queryset(self) -> QuerySet[Organization]:
        qs = Organization.objects.all()
        if not self.access.is_superuser:
            visible = Organization.objects.visible_to(self.request.user).values("pk")
            qs = qs.filter(pk__in=visible)
        return qs.order_by("short_name", "pk")


class SchoolStructureViewSet(ReadOnlyApiViewSet[Any]):
    """Rows of the schools the user belongs to or reads through a municipality."""

    def scoped(self, qs: SchoolOwnedQuerySet[Any]) -> QuerySet[Any]:
        return qs.visible_to(self.request.user)


@extend_schema(tags=["school year"])
class AcademicYearViewSet(SchoolStructureViewSet):
    queryset = AcademicYear.objects.none()  # the model, for the schema
    serializer_class = serializers.AcademicYearSerializer
    filterset_class = filters.AcademicYearFilter

    def get_queryset(self) -> QuerySet[AcademicYear]:
        return self.scoped(AcademicYear.objects.order_by("school_id", "-start_date", "pk"))


@extend_schema(tags=["school year"])
class PeriodSetViewSet(SchoolStructureViewSet):
    """Period sets with their periods."""

    queryset = PeriodSet.objects.none()  # the model, for the schema
    serializer_class = serializers.PeriodSetSerializer
    filterset_class = filters.PeriodSetFilter

    def get_queryset(self) -> QuerySet[PeriodSet]:
        # the periods come in their model order (start date)
        return self.scoped(
            PeriodSet.objects.prefetch_related("periods").order_by(
                "school_id", "-academic_year__start_date", "name", "pk"
            )
        )


@extend_schema(tags=["school year"])
class StudyPeriodViewSet(SchoolStructureViewSet):
    queryset = StudyPeriod.objects.none()  # the model, for the schema
    serializer_class = serializers.StudyPeriodSerializer
    filterset_class = filters.StudyPeriodFilter

    def get_queryset(self) -> QuerySet[StudyPeriod]:
        return self.scoped(
            StudyPeriod.objects.select_related("period_set").order_by(
                "school_id", "period_set_id", "start_date", "pk"
            )
        )


@extend_schema(tags=["school year"])
class HolidaySetViewSet(SchoolStructureViewSet):
    """Holiday sets with their holidays."""

    queryset = HolidaySet.objects.none()  # the model, for the schema
    serializer_class = serializers.HolidaySetSerializer
    filterset_class = filters.HolidaySetFilter

    def get_queryset(self) -> QuerySet[HolidaySet]:
        # the holidays come in their model order (start date)
        return self.scoped(
            HolidaySet.objects.prefetch_related("holidays").order_by(
                "school_id", "-academic_year__start_date", "-is_main", "name", "pk"
            )
        )


@extend_schema(tags=["buildings and rooms"])
class BuildingViewSet(SchoolStructureViewSet):
    queryset = Building.objects.none()  # the model, for the schema
    serializer_class = serializers.BuildingSerializer
    filterset_class = filters.BuildingFilter

    def get_queryset(self) -> QuerySet[Building]:
        return self.scoped(Building.objects.order_by("school_id", "name", "pk"))


@extend_schema(tags=["buildings and rooms"])
class RoomViewSet(SchoolStructureViewSet):
    queryset = Room.objects.none()  # the model, for the schema
    serializer_class = serializers.RoomSerializer
    filterset_class = filters.RoomFilter

    def get_queryset(self) -> QuerySet[Room]:
        return self.scoped(
            Room.objects.select_related("building").order_by("school_id", "number", "pk")
        )
