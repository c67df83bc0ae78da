"""`unread_notifications` for the bell in the top bar: a lazy number, counted by ONE query the
first time a template shows it, only for a logged-in user and never for an API request."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}
    from parta.messaging.selectors_notifications import unread_count

    @cache
    def unread_notifications() -> int:
        return unread_count(user)

    return {"unread_notifications": unread_notifications}
