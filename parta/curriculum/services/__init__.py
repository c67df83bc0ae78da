from parta.curriculum.services.plans import (
    CopyReport,
    assignment_create,
    assignment_delete,
    assignment_update,
    curriculum_copy_to_year,
    curriculum_create,
    curriculum_delete,
    curriculum_update,
    item_create,
    item_delete,
    item_update,
)

__all__ = [
    "CopyReport",
    "assignment_create",
    "assignment_delete",
    "assignment_update",
    "curriculum_copy_to_year",
    "curriculum_create",
    "curriculum_delete",
    "curriculum_update",
    "item_create",
    "item_delete",
    "item_update",
]
