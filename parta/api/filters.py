"""Filters shared by the read endpoints.

Id filters are plain numbers, never model choices: asking for a school or class outside the
user's reach gives an empty list rather than an error that would confirm the id exists.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(filters.NumberFilter):
    """An integer (``?grade=5``)."""

    field_class = forms.IntegerField


class IdFilter(IntegerFilter):
    """An integer id (``?school=12``)."""


def _variants(term: str) -> set[str]:
    """Spellings of a search term to try. SQLite folds the case of ASCII letters only, so
    «иванов» would not find «Иванов»; trying the usual capitalisations finds names as people
    type them on every database (PostgreSQL folds Cyrillic itself)."""
    return {term, term.lower(), term.upper(), term.capitalize(), term.title()}


def search_q(value: str, fields: Iterable[str]) -> Q:
    """Every word of `value` must occur (in any letter case) in one of `fields`."""
    fields = tuple(fields)
    condition = Q()
    for term in value.split()[:10]:
        term_q = Q()
        for name in fields:
            for variant in _variants(term):
                term_q |= Q(**{f"{name}__icontains": variant})
        condition &= term_q
    return condition


class SchoolFilterSet(filters.FilterSet):
    """Base of every school-owned resource: ``?school=<id>``."""

    school = IdFilter(field_name="school_id", help_text="Only rows of this school.")


def filter_search(fields: Iterable[str]) -> Any:
    """A `method=` for a CharFilter that searches `fields` (django-filter calls a callable
    method with the queryset, the filter's name and the value)."""

    def method(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value.strip():
            return queryset
        return queryset.filter(search_q(value, fields))

    return method
