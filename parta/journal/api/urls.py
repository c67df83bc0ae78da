from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from parta.journal.api import cells, journal, settings

router = SimpleRouter()
router.register("marks", cells.MarkViewSet, basename="mark")
router.register("attendance", cells.AttendanceViewSet, basename="attendance")
router.register("assignments", cells.AssignmentViewSet, basename="assignment")
router.register("journal-lessons", cells.JournalLessonViewSet, basename="journal-lesson")
router.register("work-types", settings.WorkTypeViewSet, basename="work-type")
router.register("journal-settings", settings.JournalSettingsViewSet, basename="journal-settings")

urlpatterns: list[URLPattern | URLResolver] = [
    path("journal/", journal.JournalView.as_view(), name="journal"),
    path("journal/audiences/", journal.JournalAudiencesView.as_view(), name="journal-audiences"),
    path("cells/history/", journal.CellHistoryView.as_view(), name="cell-history"),
    *router.urls,
]
