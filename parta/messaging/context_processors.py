"""`unread_notifications` for the bell in the top bar: the count kept on the user row
(`accounts.User.unread_notifications`, see `messaging.notify.counts`), so the bell costs a page
no query; nothing for anonymous users or API requests."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/api/"):
        return {}
    return {"unread_notifications": getattr(user, "unread_notifications", 0)}
