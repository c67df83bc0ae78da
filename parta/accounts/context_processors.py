from typing import Any

from django.http import HttpRequest


def school_context(request: HttpRequest) -> dict[str, Any]:
    """The current school and the user's roles in it, set by `SchoolContextMixin`."""
    return {
        "current_school": getattr(request, "school", None),
        "current_roles": getattr(request, "school_roles", frozenset()),
    }
