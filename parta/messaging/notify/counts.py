"""The bell's number kept on the user row (`accounts.User.unread_notifications`), so a page
shows it without a query. Recounted (not incremented) in one UPDATE whenever notifications of
some users are created or read, so it never drifts for long: the next change corrects it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from parta.accounts.models import User
from parta.messaging.models import Notification


def refresh_unread(user_ids: Iterable[int]) -> None:
    """Set the unread count of `user_ids` from their notifications (one statement)."""
    ids = sorted({int(pk) for pk in user_ids})
    if not ids:
        return
    unread = (
        Notification.objects.filter(user_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(total=Count("pk"))
        .values("total")
    )
    User.objects.filter(pk__in=ids).update(
        unread_notifications=Coalesce(Subquery(unread), Value(0))
    )
