from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, filter_search
from parta.curriculum.models import Subject


class SubjectFilter(filters.FilterSet):
    school = IdFilter(
        method="filter_school",
        help_text="The federal catalogue plus this school's own subjects.",
    )
    federal = filters.BooleanFilter(
        field_name="school", lookup_expr="isnull", help_text="true: only the federal catalogue."
    )
    is_active = filters.BooleanFilter()
    search = filters.CharFilter(method=filter_search(("name", "short_name", "code")))

    class Meta:
        model = Subject
        fields = ["school", "federal", "is_active", "search"]

    def filter_school(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Q(school__isnull=True) | Q(school_id=value))
