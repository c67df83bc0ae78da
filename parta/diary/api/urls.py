from django.urls import URLPattern, URLResolver

from parta.diary.api import urls_marks, urls_week

urlpatterns: list[URLPattern | URLResolver] = [*urls_week.urlpatterns, *urls_marks.urlpatterns]
