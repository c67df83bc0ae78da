from __future__ import annotations

from typing import Any

from rest_framework import serializers


class TokenCredentialsSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, help_text="The login.")
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")
    user_id = serializers.IntegerField()
    must_change_password = serializers.BooleanField(
        help_text="true: data endpoints answer 403 until the password is changed."
    )
