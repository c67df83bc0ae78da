"""Classes: create and edit (validated by `SchoolClass.clean`, audited)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.core.services.records import record_create, record_update
from parta.people.models import Enrollment, SchoolClass


@transaction.atomic
def school_class_create(*, actor: Actor, school_class: SchoolClass) -> SchoolClass:
    return record_create(actor=actor, instance=school_class)


@transaction.atomic
def school_class_update(
    *, actor: Actor, school_class: SchoolClass, data: Mapping[str, object]
) -> SchoolClass:
    """Edit a class. Its academic year is fixed once students are enrolled in it (their
    enrollment dates lie in that year)."""
    saved = SchoolClass.objects.get(pk=school_class.pk)
    year = data.get("academic_year")
    if (
        year is not None
        and getattr(year, "pk", year) != saved.academic_year_id
        and Enrollment.objects.filter(school_class_id=saved.pk).exists()
    ):
        raise ValidationError(
            {
                "academic_year": _(
                    "Students are enrolled in this class: its academic year cannot change."
                )
            }
        )
    return record_update(actor=actor, instance=school_class, data=dict(data))
