from parta.thematic.models.plans import PlanTopic, ThematicPlan

__all__ = ["PlanTopic", "ThematicPlan"]
