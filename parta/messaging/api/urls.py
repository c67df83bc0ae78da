from django.urls import URLPattern, URLResolver

from parta.messaging.api import urls_announcements, urls_messages, urls_notifications

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_messages.urlpatterns,
    *urls_announcements.urlpatterns,
    *urls_notifications.urlpatterns,
]
