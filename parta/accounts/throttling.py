"""Throttling of failed logins per login name and per client address (cache-backed)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache


def _keys(username: str, ip: str | None) -> list[str]:
    keys = [f"login-fail:user:{username.strip().lower()}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def is_throttled(username: str, ip: str | None) -> bool:
    limit = settings.LOGIN_FAILURE_LIMIT
    return any((cache.get(key) or 0) >= limit for key in _keys(username, ip)[:1]) or (
        bool(ip) and (cache.get(_keys(username, ip)[-1]) or 0) >= limit * 4
    )


def register_failure(username: str, ip: str | None) -> None:
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    for key in _keys(username, ip):
        if cache.add(key, 1, timeout=window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)


def reset(username: str, ip: str | None) -> None:
    cache.delete(_keys(username, ip)[0])
