from parta.assessments.services.procedures import (
    procedure_create,
    procedure_delete,
    procedure_update,
)

__all__ = ["procedure_create", "procedure_delete", "procedure_update"]
