"""Pages of the diary week (names used by templates, tests and other apps)."""

from django.urls import URLPattern, URLResolver, path

from parta.diary.views import week

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<int:school_id>/diary/", week.DiaryWeekView.as_view(), name="week"),
    path(
        "s/<int:school_id>/diary/<int:student_id>/",
        week.DiaryWeekView.as_view(),
        name="student_week",
    ),
    path(
        "s/<int:school_id>/diary/<int:student_id>/homework/<int:assignment_id>/done/",
        week.HomeworkDoneView.as_view(),
        name="homework_done",
    ),
    path(
        "s/<int:school_id>/diary/<int:student_id>/acknowledge/",
        week.AcknowledgeView.as_view(),
        name="acknowledge",
    ),
    path(
        "s/<int:school_id>/diary/<int:student_id>/files/<int:pk>/",
        week.DiaryFileView.as_view(),
        name="file",
    ),
    path(
        "s/<int:school_id>/diary/class/<int:class_id>/acknowledgements/",
        week.AcknowledgementsView.as_view(),
        name="acknowledgements",
    ),
]
