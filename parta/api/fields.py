"""Serializer fields shared by the API.

`EnumField` is a choice field whose OpenAPI schema is a named component taken from the
`TextChoices` class (``OrganizationKind``, ``Role``, ``Sex`` …). drf-spectacular would otherwise
name enums after the field (``kind``), and three different ``kind`` fields would collide.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers


class EnumField(serializers.ChoiceField):
    def __init__(self, enum: type[models.TextChoices], **kwargs: Any) -> None:
        self.enum = enum
        kwargs.setdefault("read_only", True)
        super().__init__(choices=enum.choices, **kwargs)


# drf-spectacular ships no type hints for its extension API, hence the two no-untyped-call.
class EnumFieldExtension(OpenApiSerializerFieldExtension):  # type: ignore[no-untyped-call]
    target_class = "parta.api.fields.EnumField"

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: EnumField = self.target
        name = field.enum.__name__
        component = ResolvedComponent(  # type: ignore[no-untyped-call]
            name=name,
            type=ResolvedComponent.SCHEMA,
            object=name,
            schema={
                "type": "string",
                "enum": [str(choice.value) for choice in field.enum],
                "description": "\n".join(
                    f"* `{choice.value}` - {choice.label}" for choice in field.enum
                ),
            },
        )
        auto_schema.registry.register_on_missing(component)
        if field.allow_blank:
            return {"oneOf": [component.ref, {"type": "string", "enum": [""]}]}
        return component.ref


def related_field(
    field: serializers.Field[Any, Any, Any, Any],
) -> serializers.RelatedField[Any, Any, Any]:
    """The serializer field as a related field, to narrow its `queryset` per request."""
    if not isinstance(field, serializers.RelatedField):
        raise TypeError(f"{field!r} is not a related field")
    return field


class SchoolScopedFieldsMixin(serializers.Serializer[Any]):
    """For write serializers: every related field (a foreign key, or the child of a
    many-related field) whose model has a `school` is narrowed to the schools the request's user
    reads, so an id of another school's row answers "does not exist" instead of reaching the
    service; rows without a school (the federal subject list) stay open to all."""

    def get_fields(self) -> dict[str, Any]:
        from parta.accounts.access import access_for

        fields: dict[str, Any] = dict(super().get_fields())
        request = self.context.get("request")
        school_ids = sorted(access_for(request.user).readable_school_ids) if request else []
        for field in fields.values():
            inner = getattr(field, "child_relation", field)
            if getattr(inner, "read_only", True) or not isinstance(inner, serializers.RelatedField):
                continue
            queryset = inner.queryset
            if queryset is None:
                continue
            school = next(
                (f for f in queryset.model._meta.get_fields() if f.name == "school"), None
            )
            if school is None:
                continue
            mine = models.Q(school_id__in=school_ids)
            # a nullable school marks rows shared by every school (the federal subjects)
            # the declared queryset names the model (`Model.objects.none()` will do)
            inner.queryset = queryset.model._default_manager.filter(
                mine | models.Q(school__isnull=True) if getattr(school, "null", False) else mine
            )
        return fields
