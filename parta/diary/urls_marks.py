"""Pages of the marks and of the calendar feed (the week's pages are in `urls_week`)."""

from django.urls import URLPattern, URLResolver, path

from parta.diary.views.calendar import CalendarFeedPageView, CalendarFeedView
from parta.diary.views.marks import MarksView

urlpatterns: list[URLPattern | URLResolver] = [
    path("s/<int:school_id>/diary/<int:student_id>/marks/", MarksView.as_view(), name="marks"),
    path("calendar/", CalendarFeedPageView.as_view(), name="calendar"),
    path(
        "calendar/<str:token>.ics",
        CalendarFeedView.as_view(),
        name="calendar_feed",
    ),
]
