"""One error shape for the whole API: {"message": ..., "extra": {...}}.

Validation errors put the per-field messages in ``extra.fields``; other errors put a stable
machine-readable ``extra.code`` (``not_found``, ``not_authenticated``,
``password_change_required``, ``throttled`` …).
"""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, Http404):
        # one translated message, whatever was not found (and whether it exists at all)
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {
            "message": _("The data did not pass validation."),
            "extra": {"fields": response.data},
        }
    elif isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        code = getattr(detail, "code", None)
        response.data = {"message": str(detail), "extra": {"code": code} if code else {}}
    return response


# --- errors of the token exchange (`POST /api/v1/auth/token/`) --------------------------------
class InvalidLogin(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("Wrong login or password.")
    default_code = "invalid_login"


class AccountLocked(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = gettext_lazy("The account is locked. Contact the school administrator.")
    default_code = "account_locked"


class LoginThrottled(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = gettext_lazy(
        "Too many failed login attempts. Wait a few minutes and try again."
    )
    default_code = "login_throttled"
