from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from parta.assessments.api import views

router = SimpleRouter()
router.register(
    "assessment-procedures", views.AssessmentProcedureViewSet, basename="assessment-procedure"
)

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
