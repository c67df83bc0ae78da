"""SQLite's LIKE folds case for ASCII letters only, so `icontains` would miss «иванова» in
«Иванова». On SQLite connections we replace LIKE with a Unicode-aware version (Python's
`casefold`); PostgreSQL is untouched (Django uses UPPER(...) LIKE UPPER(...) there)."""

from __future__ import annotations

import functools
import re
from typing import Any

from django.db.backends.signals import connection_created


@functools.lru_cache(maxsize=512)
def _like_regex(pattern: str, escape: str | None) -> re.Pattern[str]:
    parts: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if escape is not None and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.DOTALL | re.IGNORECASE)


def unicode_like(pattern: str | None, value: Any, escape: str | None = None) -> bool | None:
    """SQLite's like(X, Y[, Z]) — note the argument order: the pattern comes first."""
    if pattern is None or value is None:
        return None
    return _like_regex(pattern.casefold(), escape).fullmatch(str(value).casefold()) is not None


def install_unicode_like(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    raw = connection.connection
    raw.create_function("like", 2, unicode_like, deterministic=True)
    raw.create_function("like", 3, unicode_like, deterministic=True)


def connect() -> None:
    connection_created.connect(install_unicode_like, dispatch_uid="parta-unicode-like")
