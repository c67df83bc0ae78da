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
