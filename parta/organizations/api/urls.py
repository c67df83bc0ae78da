from rest_framework.routers import SimpleRouter

from parta.organizations.api import views

router = SimpleRouter()
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("academic-years", views.AcademicYearViewSet, basename="academic-year")
router.register("period-sets", views.PeriodSetViewSet, basename="period-set")
router.register("study-periods", views.StudyPeriodViewSet, basename="study-period")
router.register("holiday-sets", views.HolidaySetViewSet, basename="holiday-set")
router.register("buildings", views.BuildingViewSet, basename="building")
router.register("rooms", views.RoomViewSet, basename="room")

urlpatterns = router.urls
