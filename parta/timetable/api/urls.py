from rest_framework.routers import SimpleRouter

from parta.timetable.api import views

router = SimpleRouter()
router.register("bell-schedules", views.BellScheduleViewSet, basename="bell-schedule")
router.register("timetable-entries", views.TimetableEntryViewSet, basename="timetable-entry")

urlpatterns = router.urls
