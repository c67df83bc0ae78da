from __future__ import annotations

from rest_framework import serializers

from parta.curriculum.models import Subject


class SubjectSerializer(serializers.ModelSerializer[Subject]):
    """A subject: `school` is null for the federal catalogue shared by every school."""

    is_federal = serializers.BooleanField(read_only=True)

    class Meta:
        model = Subject
        fields = ["id", "school", "is_federal", "name", "short_name", "code", "is_active"]
        read_only_fields = fields
