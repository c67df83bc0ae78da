"""Refusals the journal's callers tell apart."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


class StaleEdit(ValidationError):  # noqa: N818 (the name of the contract)
    """A save based on an older value than the stored one (someone else saved in between).
    `current` is the stored Mark / AttendanceMark, or None when there is none any more."""

    def __init__(self, message: str, *, current: Any) -> None:
        super().__init__(message, code="stale")
        self.current = current
