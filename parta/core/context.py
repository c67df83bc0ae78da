"""Who is acting, passed explicitly from views and commands to services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest


@dataclass(frozen=True)
class Actor:
    user: Any  # accounts.User or AnonymousUser; Any keeps core free of app imports
    ip_address: str | None = None

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        return cls(user=request.user, ip_address=client_ip(request))

    @classmethod
    def system(cls) -> Actor:
        return cls(user=None, ip_address=None)


def client_ip(request: HttpRequest) -> str | None:
    # Behind a reverse proxy the proxy sets REMOTE_ADDR via a trusted header rewrite;
    # we do not trust X-Forwarded-For blindly.
    return request.META.get("REMOTE_ADDR") or None
