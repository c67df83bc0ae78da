"""How API clients authenticate: a token (``Authorization: Token <key>``) or the session of the
web pages. Both refuse locked accounts, as the login backend does."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication that also refuses locked accounts (an inactive user is
    already refused by DRF)."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if getattr(user, "is_locked", False):
            raise exceptions.AuthenticationFailed(
                _("The account is locked. Contact the school administrator.")
            )
        return user, token


#: Token first, so that an anonymous request gets 401 with ``WWW-Authenticate: Token``.
#: A locked user's session is already dropped by the login backend (`user_can_authenticate`).
API_AUTHENTICATION_CLASSES: list[type[authentication.BaseAuthentication]] = [
    TokenAuthentication,
    authentication.SessionAuthentication,
]
