from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from parta.journal.api import cells, corrections, documents, finals, journal, settings, worklist
from parta.journal.api.access_report import AccessReportView
from parta.journal.api.files import AssignmentFileUploadView, AssignmentFileViewSet

router = SimpleRouter()
router.register("marks", cells.MarkViewSet, basename="mark")
router.register("attendance", cells.AttendanceViewSet, basename="attendance")
router.register("assignments", cells.AssignmentViewSet, basename="assignment")
router.register("journal-lessons", cells.JournalLessonViewSet, basename="journal-lesson")
router.register("absence-documents", documents.AbsenceDocumentViewSet, basename="absence-document")
router.register("final-marks", finals.FinalMarkViewSet, basename="final-mark")
router.register("period-closures", finals.PeriodClosureViewSet, basename="period-closure")
router.register(
    "journal/correction-requests",
    corrections.CorrectionRequestViewSet,
    basename="correction-request",
)
router.register("assignment-files", AssignmentFileViewSet, basename="assignment-file")
router.register("work-types", settings.WorkTypeViewSet, basename="work-type")
router.register("journal-settings", settings.JournalSettingsViewSet, basename="journal-settings")

urlpatterns: list[URLPattern | URLResolver] = [
    path("journal/", journal.JournalView.as_view(), name="journal"),
    path("journal/audiences/", journal.JournalAudiencesView.as_view(), name="journal-audiences"),
    path("journal/my-lessons/", worklist.MyLessonsView.as_view(), name="journal-my-lessons"),
    path("journal/access-report/", AccessReportView.as_view(), name="journal-access-report"),
    path(
        "assignments/<int:pk>/files/",
        AssignmentFileUploadView.as_view(),
        name="assignment-files-upload",
    ),
    path("cells/history/", journal.CellHistoryView.as_view(), name="cell-history"),
    path(
        "classes/<int:pk>/attendance/",
        documents.ClassAttendanceView.as_view(),
        name="class-attendance",
    ),
    path(
        "classes/<int:pk>/marks-summary/",
        documents.ClassMarksSummaryView.as_view(),
        name="class-marks-summary",
    ),
    path("classes/<int:pk>/at-risk/", documents.ClassAtRiskView.as_view(), name="class-at-risk"),
    *router.urls,
]
