from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThematicConfig(AppConfig):
    name = "parta.thematic"
    label = "thematic"
    verbose_name = _("Calendar-thematic plans")

    def ready(self) -> None:
        from parta.thematic.services.binding import plans_bind_for_lessons
        from parta.timetable.hooks import register_lessons_changed

        register_lessons_changed(plans_bind_for_lessons)
