"""Serializers shared by every part of the API."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer[Any]):
    """The shape of every error: a human-readable message, and details in `extra`
    (`fields` for validation errors, `code` for the others)."""

    message = serializers.CharField()
    extra = serializers.DictField()
