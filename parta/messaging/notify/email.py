"""E-mails of notifications: each at once, or many in one daily digest (`digest`).

An e-mail is claimed before it is sent: `emailed_at` is set by an UPDATE that matches only an
unclaimed row, and only the run whose UPDATE changed the row sends. A repeated or concurrent
run finds the row claimed and sends nothing; a failed send gives the claim back, so the next
run tries again. No transaction stays open while the mail server answers."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from parta.messaging.models import Notification

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def absolute_url(path: str) -> str:
    """A path of Parta as a link for an e-mail (`PARTA_BASE_URL`)."""
    if not path:
        return ""
    base = str(getattr(settings, "PARTA_BASE_URL", "") or DEFAULT_BASE_URL).rstrip("/")
    return f"{base}{path}"


def footer_text() -> str:
    return _("You receive this e-mail because of your notification settings in Parta: %(url)s") % {
        "url": absolute_url(reverse("messaging:notification_settings"))
    }


def mail_subject(title: str) -> str:
    return f"{_('Parta')}: {' '.join(title.split())}"[:200]


def item_text(row: dict[str, Any]) -> str:
    parts = [row["title"]]
    if row["body"]:
        parts.append(row["body"])
    if row["url"]:
        parts.append(absolute_url(row["url"]))
    return "\n".join(parts)


def send_one(to: str, subject: str, body: str) -> None:
    EmailMessage(subject=subject, body=body, to=[to]).send(fail_silently=False)


def address_of(row: dict[str, Any]) -> str:
    return str(row.get("user__email") or row.get("user__person__email") or "")


FIELDS = ("pk", "user_id", "title", "body", "url", "user__email", "user__person__email")


def send_due_now(source_keys: Sequence[str]) -> int:
    """Send the e-mails due at once of the notifications from `source_keys`; returns how many
    went out."""
    if not source_keys:
        return 0
    pending = list(
        Notification.objects.filter(
            source_key__in=list(source_keys), email_now=True, emailed_at__isnull=True
        )
        .order_by("pk")
        .values(*FIELDS)
    )
    sent = 0
    for row in pending:
        to = address_of(row)
        if not to or not claim([row["pk"]]):
            continue
        try:
            send_one(to, mail_subject(row["title"]), f"{item_text(row)}\n\n-- \n{footer_text()}")
        except Exception:
            logger.exception("The e-mail of notification %s was not sent", row["pk"])
            release([row["pk"]])
            continue
        sent += 1
    return sent


def claim(ids: Iterable[int]) -> int:
    """Mark the rows as e-mailed if nobody has; how many this call claimed."""
    return Notification.objects.filter(pk__in=list(ids), emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )


def release(ids: Iterable[int]) -> None:
    Notification.objects.filter(pk__in=list(ids)).update(emailed_at=None)
