"""Pages of messages, announcements, events and notifications (each part in its own module)."""

from django.urls import URLPattern, URLResolver

from parta.messaging import urls_announcements, urls_messages, urls_notifications

app_name = "messaging"

urlpatterns: list[URLPattern | URLResolver] = [
    *urls_messages.urlpatterns,
    *urls_announcements.urlpatterns,
    *urls_notifications.urlpatterns,
]
