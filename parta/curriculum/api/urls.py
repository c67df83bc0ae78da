from rest_framework.routers import SimpleRouter

from parta.curriculum.api import views

router = SimpleRouter()
router.register("subjects", views.SubjectViewSet, basename="subject")

urlpatterns = router.urls
