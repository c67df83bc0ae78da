"""API tokens: exchange a login and password for a token (POST), revoke it (DELETE).

The exchange honours what the login page honours: locked and disabled accounts are refused,
and failed attempts are throttled per login and per client address.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.authentication import BaseAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from parta.accounts import throttling
from parta.accounts.api.serializers import TokenCredentialsSerializer, TokenResponseSerializer
from parta.accounts.models import User
from parta.api.authentication import API_AUTHENTICATION_CLASSES
from parta.api.exceptions import AccountLocked, InvalidLogin, LoginThrottled
from parta.api.serializers import ErrorSerializer
from parta.core.context import Actor, client_ip
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record


def _refused_but_right_password(username: str, password: str) -> bool:
    """A locked or disabled account with the right password: say it is locked rather than
    "wrong password" (only someone who knows the password learns this)."""
    user = User.objects.filter(username=username).first()
    return (
        user is not None
        and (user.is_locked or not user.is_active)
        and user.check_password(password)
    )


@extend_schema(tags=["auth"])
class TokenView(APIView):
    """POST: a login and password in, the user's API token out. DELETE: revoke the token."""

    def _is_exchange(self) -> bool:
        request = getattr(self, "request", None)  # None while the schema is generated
        return request is not None and request.method == "POST"

    def get_authenticators(self) -> list[BaseAuthentication]:
        if self._is_exchange():
            return []  # credentials are in the body; no session, so no CSRF check either
        return [auth() for auth in API_AUTHENTICATION_CLASSES]

    def get_permissions(self) -> list[BasePermission]:
        if self._is_exchange():
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenCredentialsSerializer,
        responses={
            200: TokenResponseSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            429: ErrorSerializer,
        },
        auth=[],
        description="Exchange a login and password for an API token (one token per user; "
        "repeated calls return the same token). A locked account gets 403; repeated failures "
        "from one login or address get 429.",
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TokenCredentialsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        username = data.validated_data["username"].strip()
        password = data.validated_data["password"]
        ip = client_ip(request._request)
        if throttling.is_throttled(username, ip):
            raise LoginThrottled()
        user = authenticate(request._request, username=username, password=password)
        if user is None:
            throttling.register_failure(username, ip)
            audit_record(
                actor=Actor(user=None, ip_address=ip),
                action=AuditEvent.Action.LOGIN_FAILED,
                object_type="accounts.user",
                object_repr=username[:150],
            )
            if _refused_but_right_password(username, password):
                raise AccountLocked()
            raise InvalidLogin()
        throttling.reset(username, ip)
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(
            actor=Actor(user=user, ip_address=ip),
            action=AuditEvent.Action.LOGIN,
            instance=user,
            after={"via": "api_token"},
        )
        return Response(
            TokenResponseSerializer(
                {
                    "token": token.key,
                    "user_id": user.pk,
                    "must_change_password": getattr(user, "must_change_password", False),
                }
            ).data
        )

    @extend_schema(
        operation_id="auth_token_destroy",
        request=None,
        responses={204: None, 401: ErrorSerializer},
        description="Revoke the user's API token (authenticate with the token or the session).",
    )
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        Token.objects.filter(user=user).delete()
        audit_record(
            actor=Actor(user=user, ip_address=client_ip(request._request)),
            action=AuditEvent.Action.LOGOUT,
            instance=user,
            after={"via": "api_token"},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
