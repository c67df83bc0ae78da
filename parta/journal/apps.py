from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JournalConfig(AppConfig):
    name = "parta.journal"
    label = "journal"
    verbose_name = _("Class journal")

    def ready(self) -> None:
        from parta.timetable.lesson_data import register_lesson_data

        # a lesson with work, marks or attendance survives regenerating the timetable
        for label in ("journal.Assignment", "journal.AttendanceMark", "journal.CorrectionRequest"):
            register_lesson_data(label, "lesson")
