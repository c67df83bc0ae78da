"""`manage.py send_digests`: the daily digest e-mails (run once a day from a timer or cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from parta.messaging.notify.digest import send_digests


class Command(BaseCommand):
    help = "Send the daily digest e-mails of notifications (once a day; safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digests()
        self.stdout.write(f"{sent} digest e-mail(s) sent.")
