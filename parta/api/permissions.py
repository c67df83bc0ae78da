"""Permission classes shared by every endpoint of /api/v1/."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request


class PasswordChangeNotRequired(BasePermission):
    """A user who must change the password (a new or reset account) reaches only `/me/` and
    the token endpoints until the password is changed, as on the web pages."""

    message = _(
        "You must change your password before using the API. "
        "Log in on the website and set a new password."
    )
    code = "password_change_required"

    def has_permission(self, request: Request, view: Any) -> bool:
        return not getattr(request.user, "must_change_password", False)


#: The default for data endpoints.
DATA_PERMISSION_CLASSES = [IsAuthenticated, PasswordChangeNotRequired]
