"""Reads of the organization tree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from parta.organizations.models import Organization


def school_ids_under(org_ids: Iterable[int]) -> frozenset[int]:
    """Schools and colleges below the given municipalities or regions."""
    ids = set(org_ids)
    if not ids:
        return frozenset()
    return frozenset(Organization.objects.schools().under(ids).values_list("pk", flat=True))


def tree_organizations(access: Any) -> Any:
    """The organizations a user manages or reads on the tree pages: everything for a system
    administrator; for a municipal specialist, their municipalities (or regions) and all below
    them. Nobody else gets any."""
    if access.is_superuser:
        return Organization.objects.all()
    ids = set(access.tree_org_ids)
    if not ids:
        return Organization.objects.none()
    return Organization.objects.filter(
        Q(pk__in=ids) | Q(parent_id__in=ids) | Q(parent__parent_id__in=ids)
    )


@dataclass
class TreeNode:
    organization: Organization
    children: list[TreeNode] = field(default_factory=list)
    #: matched the search itself (rather than being shown as the parent of a match)
    matched: bool = True


def _matches(org: Organization, terms: list[str]) -> bool:
    text = " ".join((org.short_name, org.full_name, org.inn, org.address)).casefold()
    return all(term in text for term in terms)


def organization_tree(organizations: Any, query: str = "") -> list[TreeNode]:
    """`organizations` as a forest (region → municipalities → schools), in one query.

    With a `query`, only the organizations whose names, INN or address contain every word are
    kept, together with the organizations above them (so a school is seen in its place).
    Matching is done here rather than in SQL because the whole tree is loaded anyway, to show
    the organizations above each match.
    """
    orgs = list(organizations.order_by("short_name", "pk"))
    by_id = {org.pk: org for org in orgs}
    terms = [term.casefold() for term in query.split()]
    keep: set[int] | None = None
    matched: set[int] = set(by_id)
    if terms:
        matched = {org.pk for org in orgs if _matches(org, terms)}
        keep = set()
        for pk in matched:
            current: Organization | None = by_id[pk]
            while current is not None and current.pk not in keep:
                keep.add(current.pk)
                current = by_id.get(current.parent_id) if current.parent_id else None
    nodes = {
        org.pk: TreeNode(organization=org, matched=org.pk in matched)
        for org in orgs
        if keep is None or org.pk in keep
    }
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.organization.parent_id) if node.organization.parent_id else None
        (parent.children if parent is not None else roots).append(node)
    return roots
