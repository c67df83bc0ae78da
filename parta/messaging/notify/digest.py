"""The daily digest: one e-mail per user listing every notification waiting for it
(`email_now=False`, not e-mailed yet). The rows are claimed before the e-mail goes out (see
`email`), so a second run the same day, or two runs at once, send nothing twice."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parta.messaging.models import Notification, NotificationSettings
from parta.messaging.notify import email

logger = logging.getLogger(__name__)

#: at most this many notifications are listed in one digest (the rest: "and N more")
MAX_LISTED = 100


def _pending() -> list[int]:
    return list(
        Notification.objects.filter(email_now=False, emailed_at__isnull=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )


def send_digest_to(user_id: int) -> int:
    """Claim and send the user's waiting notifications in one e-mail; how many it listed."""
    waiting = Notification.objects.filter(
        user_id=user_id, email_now=False, emailed_at__isnull=True
    ).order_by("created_at", "pk")
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        return 0
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(
        emailed_at=claimed_at
    )
    if not claimed:
        return 0
    rows = list(
        Notification.objects.filter(pk__in=ids, emailed_at=claimed_at)
        .order_by("created_at", "pk")
        .values(*email.FIELDS)
    )
    if not rows:
        return 0
    to = email.address_of(rows[0])
    if not to:
        # nowhere to send: the rows stay claimed (the address may come later for new ones)
        return 0
    listed = rows[:MAX_LISTED]
    lines = [
        ngettext(
            "%(count)s new notification in Parta:",
            "%(count)s new notifications in Parta:",
            len(rows),
        )
        % {"count": len(rows)},
        "",
    ]
    for row in listed:
        lines += [email.item_text(row), ""]
    if len(rows) > len(listed):
        lines += [_("…and %(count)s more in Parta.") % {"count": len(rows) - len(listed)}, ""]
    lines += ["-- ", email.footer_text()]
    try:
        email.send_one(to, email.mail_subject(_("Daily digest")), "\n".join(lines))
    except Exception:
        logger.exception("The digest of user %s was not sent", user_id)
        email.release(row["pk"] for row in rows)
        return 0
    NotificationSettings.objects.filter(user_id=user_id).update(last_digest_at=claimed_at)
    return len(rows)


def send_digests() -> int:
    """A digest to every user with waiting notifications; how many e-mails went out. Scheduled
    announcements whose time has come are told first (so they are in the digest)."""
    from parta.messaging.notify.dispatch import catch_up_scheduled

    catch_up_scheduled()
    sent = 0
    for user_id in _pending():
        if send_digest_to(user_id):
            sent += 1
    return sent
