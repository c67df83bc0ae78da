from parta.assessments.services.procedures import (
    procedure_create,
    procedure_delete,
    procedure_update,
    procedures_plan_for_grade,
)

__all__ = [
    "procedure_create",
    "procedure_delete",
    "procedure_update",
    "procedures_plan_for_grade",
]
