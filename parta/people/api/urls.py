from django.urls import path
from rest_framework.routers import SimpleRouter

from parta.people.api import views

router = SimpleRouter()
router.register("classes", views.SchoolClassViewSet, basename="class")
router.register("study-groups", views.StudyGroupViewSet, basename="study-group")
router.register("staff", views.StaffMemberViewSet, basename="staff")
router.register("students", views.StudentViewSet, basename="student")
router.register("guardians", views.GuardianshipViewSet, basename="guardianship")
router.register("enrollments", views.EnrollmentViewSet, basename="enrollment")

urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
]
