from rest_framework.routers import SimpleRouter

from parta.thematic.api import views

router = SimpleRouter()
router.register("thematic-plans", views.ThematicPlanViewSet, basename="thematic-plan")
router.register("plan-topics", views.PlanTopicViewSet, basename="plan-topic")

urlpatterns = router.urls
