from parta.journal.models.finals import AbsenceDocument, FinalMark, PeriodClosure
from parta.journal.models.marks import Assignment, AttendanceMark, Mark
from parta.journal.models.settings import JournalSettings, MarkFreeSubject, MarkScale, WorkType

__all__ = [
    "AbsenceDocument",
    "Assignment",
    "AttendanceMark",
    "FinalMark",
    "JournalSettings",
    "Mark",
    "MarkFreeSubject",
    "MarkScale",
    "PeriodClosure",
    "WorkType",
]
