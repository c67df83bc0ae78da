"""Pages of the diary (the week; the marks page and the calendar feed in their own module)."""

from django.urls import URLPattern, URLResolver

from parta.diary import urls_marks, urls_week

app_name = "diary"

urlpatterns: list[URLPattern | URLResolver] = [*urls_week.urlpatterns, *urls_marks.urlpatterns]
