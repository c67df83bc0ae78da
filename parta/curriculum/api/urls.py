from django.urls import path
from rest_framework.routers import SimpleRouter

from parta.curriculum.api import views

router = SimpleRouter()
router.register("subjects", views.SubjectViewSet, basename="subject")
router.register("curricula", views.CurriculumViewSet, basename="curriculum")
router.register("curriculum-items", views.CurriculumItemViewSet, basename="curriculum-item")
router.register(
    "teaching-assignments", views.TeachingAssignmentViewSet, basename="teaching-assignment"
)

urlpatterns = [
    path("teaching-load/check/", views.LoadCheckView.as_view(), name="teaching-load-check"),
    *router.urls,
]
