from parta.assessments.models.procedures import AssessmentProcedure

__all__ = ["AssessmentProcedure"]
