"""Endpoints of the diary week (`parta.diary.api.week`)."""

from django.urls import URLPattern, URLResolver, path

from parta.diary.api import week

urlpatterns: list[URLPattern | URLResolver] = [
    path("students/<int:pk>/diary/", week.StudentDiaryView.as_view(), name="student-diary"),
    path(
        "students/<int:pk>/diary/acknowledgement/",
        week.AcknowledgementView.as_view(),
        name="student-diary-acknowledgement",
    ),
    path(
        "students/<int:pk>/homework/<int:assignment_id>/done/",
        week.HomeworkDoneView.as_view(),
        name="student-homework-done",
    ),
    path(
        "students/<int:pk>/files/<int:file_id>/",
        week.DiaryFileView.as_view(),
        name="student-diary-file",
    ),
    path(
        "classes/<int:pk>/diary-acknowledgements/",
        week.ClassAcknowledgementsView.as_view(),
        name="class-diary-acknowledgements",
    ),
    path("me/students/", week.MyStudentsView.as_view(), name="me-students"),
]
