from rest_framework.routers import SimpleRouter

from parta.timetable.api import lessons, views

router = SimpleRouter()
router.register("bell-schedules", views.BellScheduleViewSet, basename="bell-schedule")
router.register("timetable-entries", views.TimetableEntryViewSet, basename="timetable-entry")
router.register("lessons", lessons.LessonViewSet, basename="lesson")
router.register("substitutions", lessons.SubstitutionViewSet, basename="substitution")
router.register("bell-schedule-days", lessons.BellScheduleDayViewSet, basename="bell-schedule-day")

urlpatterns = router.urls
