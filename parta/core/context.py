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
    """The client's address for the audit log and login throttling.

    X-Forwarded-For is believed only when the direct peer is one of `TRUSTED_PROXIES` (the
    deployment's own reverse proxies): then the right-most address that is not a trusted proxy
    is the client. Anyone else could write any address into that header.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "TRUSTED_PROXIES", ()))
    if remote is None or remote not in trusted:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for address in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if address not in trusted:
            return address
    return remote
