"""Reads of the organization tree."""

from __future__ import annotations

from collections.abc import Iterable

from parta.organizations.models import Organization


def school_ids_under(org_ids: Iterable[int]) -> frozenset[int]:
    """Schools and colleges below the given municipalities or regions."""
    ids = set(org_ids)
    if not ids:
        return frozenset()
    return frozenset(Organization.objects.schools().under(ids).values_list("pk", flat=True))
