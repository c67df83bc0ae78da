"""Every write of the journal: marks, attendance, assignments, topics, and the school's
journal settings. Each checks everything first, writes, and audits in one transaction."""

from parta.journal.services.assignments import (
    assignment_create,
    assignment_delete,
    assignment_for_marks,
    assignment_update,
    lesson_note_set,
    lesson_topic_set,
)
from parta.journal.services.attendance import attendance_set
from parta.journal.services.closures import period_close, period_reopen
from parta.journal.services.corrections import (
    correction_request_approve,
    correction_request_create,
    correction_request_reject,
    correction_request_withdraw,
)
from parta.journal.services.documents import (
    absence_document_create,
    absence_document_delete,
    absence_document_update,
)
from parta.journal.services.errors import StaleEdit
from parta.journal.services.files import (
    MAX_FILES_PER_ASSIGNMENT,
    assignment_file_remove,
    assignment_files_attach,
)
from parta.journal.services.finals import final_mark_delete, final_mark_set, may_set_final_mark
from parta.journal.services.marks import MAX_BULK_ITEMS, mark_delete, mark_set, marks_bulk
from parta.journal.services.settings import default_work_types, journal_settings_for, scale_for

__all__ = [
    "MAX_BULK_ITEMS",
    "MAX_FILES_PER_ASSIGNMENT",
    "StaleEdit",
    "absence_document_create",
    "absence_document_delete",
    "absence_document_update",
    "assignment_create",
    "assignment_delete",
    "assignment_file_remove",
    "assignment_files_attach",
    "assignment_for_marks",
    "assignment_update",
    "attendance_set",
    "correction_request_approve",
    "correction_request_create",
    "correction_request_reject",
    "correction_request_withdraw",
    "default_work_types",
    "final_mark_delete",
    "final_mark_set",
    "journal_settings_for",
    "lesson_note_set",
    "lesson_topic_set",
    "mark_delete",
    "mark_set",
    "marks_bulk",
    "may_set_final_mark",
    "period_close",
    "period_reopen",
    "scale_for",
]
