"""Writes to the organization tree and to the school card.

Validation is the model's (`Organization.clean()`: which kind may stand under which; ИНН, КПП
and ОГРН checksums on the fields). Audit events of the tree are filed under the organization
that changed, or, for a new organization, under its parent.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_update
from parta.organizations.models import Organization

#: What a school administrator may change on their own school's card (never its kind, its
#: place in the tree or whether it is active: that is the system administrator's).
CARD_FIELDS = (
    "full_name",
    "short_name",
    "school_type",
    "timezone",
    "address",
    "director_name",
    "phone",
    "email",
    "website",
    "inn",
    "kpp",
    "ogrn",
    "licence_number",
    "licence_date",
    "accreditation_number",
    "accreditation_date",
    "accreditation_valid_until",
)


def organization_create(*, actor: Actor, organization: Organization) -> Organization:
    return record_create(actor=actor, instance=organization, audit_school_id=organization.parent_id)


def organization_update(
    *, actor: Actor, organization: Organization, data: Mapping[str, object]
) -> Organization:
    """Change an organization of the tree (system administrators). Its kind is fixed once
    created: a school does not turn into a municipality."""
    if "kind" in data and data["kind"] != Organization.objects.get(pk=organization.pk).kind:
        raise ValidationError(
            {"kind": _("The kind of an existing organization cannot be changed.")}
        )
    return record_update(
        actor=actor, instance=organization, data=dict(data), audit_school_id=organization.pk
    )


def school_card_update(
    *, actor: Actor, school: Organization, data: Mapping[str, object]
) -> Organization:
    """Change the card of a school (school administrators): only `CARD_FIELDS`."""
    extra = sorted(set(data) - set(CARD_FIELDS))
    if extra:
        raise ValidationError(
            _("These fields cannot be changed on the school card: %(fields)s.")
            % {"fields": ", ".join(extra)}
        )
    return record_update(actor=actor, instance=school, data=dict(data), audit_school_id=school.pk)
