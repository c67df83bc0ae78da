from django.urls import URLPattern, URLResolver, path

from parta.diary.api.calendar import CalendarFeedApiView
from parta.diary.api.marks import StudentMarksView, StudentOverdueView

urlpatterns: list[URLPattern | URLResolver] = [
    path("students/<int:pk>/marks/", StudentMarksView.as_view(), name="student-marks"),
    path("students/<int:pk>/overdue/", StudentOverdueView.as_view(), name="student-overdue"),
    path("me/calendar-feed/", CalendarFeedApiView.as_view(), name="calendar-feed"),
]
