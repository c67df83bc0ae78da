from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "parta.assessments"
    label = "assessments"
    verbose_name = _("Assessment schedule")

    def ready(self) -> None:
        from parta.assessments.services.following import procedures_follow_lessons
        from parta.timetable.hooks import register_lessons_changed
        from parta.timetable.lesson_data import register_lesson_data

        # a lesson with a planned procedure is kept when the timetable is regenerated
        register_lesson_data("assessments.AssessmentProcedure", "lesson")
        register_lessons_changed(procedures_follow_lessons)
