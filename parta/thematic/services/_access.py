"""The edit check every writing service starts with."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from parta.core.context import Actor
from parta.thematic.rules import can_edit_plan


def require_edit(actor: Actor, plan: Any) -> None:
    if actor.user is None:  # the system (commands, demo data) may write
        return
    if not can_edit_plan(actor.user, plan):
        raise PermissionDenied(_("You may not change this plan."))
