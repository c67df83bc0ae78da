"""Pieces shared by the people pages."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.dateparse import parse_date
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString

from parta.core.registry import Column
from parta.core.validation import fmt


def table_rows(columns: Sequence[Column], objects: Iterable[Any]) -> list[tuple[Any, list[Any]]]:
    """The `rows` of `core/registry_list.html` for columns chosen per request."""
    return [(obj, [(column.label, column.value(obj)) for column in columns]) for obj in objects]


def link(url: str, text: Any) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, text)


def date_text(day: datetime.date | None) -> str:
    return fmt(day) if day else ""


def add_errors(exc: ValidationError, *forms_: forms.BaseForm) -> None:
    """Put a service's refusal on the form that has the field named, else on the first form
    as a general error (so every message is seen next to what it is about)."""
    first = forms_[0]
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = next((form for form in forms_ if name in form.fields), None)
            if target is None:
                first.add_error(None, errors)
            else:
                target.add_error(name, errors)
    else:
        first.add_error(None, exc.messages)


def day_from_query(request: HttpRequest, default: datetime.date) -> datetime.date:
    """`?date=YYYY-MM-DD`, or `default` when absent or malformed."""
    raw = request.GET.get("date", "")
    try:
        parsed = parse_date(raw) if raw else None
    except ValueError:
        parsed = None
    return parsed or default


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` address of a form if it points into this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
