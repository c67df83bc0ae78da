from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

_ALLOWED_PREFIXES = ("/static/", "/healthz", "/readyz", "/api/")


class ForcePasswordChangeMiddleware:
    """A user flagged `must_change_password` reaches only the password page and logout."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
        ):
            allowed = {reverse("accounts:password_change"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(_ALLOWED_PREFIXES):
                return redirect("accounts:password_change")
        return self.get_response(request)
