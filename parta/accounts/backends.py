from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class LoginBackend(ModelBackend):
    """Username + password; a locked account never authenticates."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username:
            username = username.strip()
        return super().authenticate(request, username=username, password=password, **kwargs)
