from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from parta.messaging.api import announcements, events

router = SimpleRouter()
router.register("announcements", announcements.AnnouncementViewSet, basename="announcement")
router.register("events", events.EventViewSet, basename="event")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
