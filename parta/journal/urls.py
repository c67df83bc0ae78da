from django.urls import path, register_converter

from parta.journal.views import (
    access_report,
    cells,
    classteacher,
    corrections,
    documents,
    finals,
    lessons,
    pages,
    worklist,
)
from parta.journal.views.files import AssignmentFileDownloadView


class KindConverter:
    """`class` or `group`: whose journal the URL names."""

    regex = "class|group"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "journal_kind")

app_name = "journal"

S = "s/<int:school_id>/journal"

urlpatterns = [
    path(f"{S}/", pages.JournalIndexView.as_view(), name="index"),
    path(f"{S}/access/", access_report.AccessReportView.as_view(), name="access_report"),
    path(
        f"{S}/access.xlsx",
        access_report.AccessReportExportView.as_view(),
        name="access_report_export",
    ),
    path(
        f"{S}/cell/<int:lesson_id>/<int:student_id>/",
        cells.CellView.as_view(),
        name="cell",
    ),
    path(
        f"{S}/cell/<int:lesson_id>/<int:student_id>/history/",
        cells.CellHistoryView.as_view(),
        name="cell_history",
    ),
    path(
        f"{S}/class/<int:class_id>/overview/",
        classteacher.ClassOverviewView.as_view(),
        name="class_overview",
    ),
    path(
        f"{S}/class/<int:class_id>/documents/",
        documents.ClassDocumentsView.as_view(),
        name="class_documents",
    ),
    path(
        f"{S}/class/<int:class_id>/documents/<int:pk>/",
        documents.DocumentEditView.as_view(),
        name="document_edit",
    ),
    path(
        f"{S}/class/<int:class_id>/documents/<int:pk>/delete/",
        documents.DocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path(f"{S}/lesson/<int:lesson_id>/", lessons.LessonRecordView.as_view(), name="lesson"),
    path(f"{S}/files/<int:pk>/", AssignmentFileDownloadView.as_view(), name="assignment_file"),
    path(
        f"{S}/lesson/<int:lesson_id>/correction/",
        corrections.CorrectionRequestView.as_view(),
        name="correction_request",
    ),
    path(f"{S}/corrections/", corrections.CorrectionListView.as_view(), name="corrections"),
    path(f"{S}/my-lessons/", worklist.MyLessonsView.as_view(), name="my_lessons"),
    path(f"{S}/periods/", finals.PeriodsView.as_view(), name="periods"),
    path(
        f"{S}/<journal_kind:kind>/<int:pk>/<int:subject_id>/finals/",
        finals.FinalsView.as_view(),
        name="finals",
    ),
    path(
        f"{S}/<journal_kind:kind>/<int:pk>/<int:subject_id>/",
        pages.JournalGridView.as_view(),
        name="grid",
    ),
]
