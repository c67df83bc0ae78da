from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "parta.messaging"
    label = "messaging"
    verbose_name = _("Messages, announcements and events")

    def ready(self) -> None:
        from parta.core.outbox import register_committed
        from parta.messaging.notify.dispatch import WATCHED
        from parta.messaging.tasks import enqueue_dispatch

        # audit events of these types become notifications after their transaction commits
        register_committed(WATCHED, enqueue_dispatch)
