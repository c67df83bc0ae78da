from parta.journal.models.marks import Assignment, AttendanceMark, Mark
from parta.journal.models.settings import JournalSettings, MarkFreeSubject, MarkScale, WorkType

__all__ = [
    "Assignment",
    "AttendanceMark",
    "JournalSettings",
    "Mark",
    "MarkFreeSubject",
    "MarkScale",
    "WorkType",
]
