"""Query filters of the organization and structure endpoints."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, SchoolFilterSet, filter_search
from parta.organizations.choices import OrganizationKind, PeriodKind
from parta.organizations.models import (
    AcademicYear,
    Building,
    HolidaySet,
    Organization,
    PeriodSet,
    Room,
    StudyPeriod,
)


class OrganizationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=OrganizationKind.choices)
    parent = IdFilter(field_name="parent_id", help_text="Direct children of this organization.")
    is_active = filters.BooleanFilter()
    search = filters.CharFilter(
        method=filter_search(("short_name", "full_name", "inn", "address")),
        help_text="Words to find in the names, INN or address.",
    )

    class Meta:
        model = Organization
        fields = ["kind", "parent", "is_active", "search"]


class AcademicYearFilter(SchoolFilterSet):
    current = filters.BooleanFilter(
        method="filter_current", help_text="true: only the year that contains today."
    )

    class Meta:
        model = AcademicYear
        fields = ["school", "current"]

    def filter_current(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        today = timezone.localdate()
        condition = {"start_date__lte": today, "end_date__gte": today}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)


class PeriodSetFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    kind = filters.ChoiceFilter(choices=PeriodKind.choices)

    class Meta:
        model = PeriodSet
        fields = ["school", "academic_year", "kind"]


class StudyPeriodFilter(SchoolFilterSet):
    period_set = IdFilter(field_name="period_set_id")
    academic_year = IdFilter(field_name="period_set__academic_year_id")
    on = filters.DateFilter(method="filter_on", help_text="Only periods that contain this date.")

    class Meta:
        model = StudyPeriod
        fields = ["school", "period_set", "academic_year", "on"]

    def filter_on(self, queryset: QuerySet[Any], name: str, value: datetime.date) -> QuerySet[Any]:
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class HolidaySetFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    is_main = filters.BooleanFilter()

    class Meta:
        model = HolidaySet
        fields = ["school", "academic_year", "is_main"]


class BuildingFilter(SchoolFilterSet):
    search = filters.CharFilter(method=filter_search(("name", "address")))

    class Meta:
        model = Building
        fields = ["school", "search"]


class RoomFilter(SchoolFilterSet):
    building = IdFilter(field_name="building_id")
    search = filters.CharFilter(
        method=filter_search(("number", "name")), help_text="Words to find in number or name."
    )

    class Meta:
        model = Room
        fields = ["school", "building", "search"]
