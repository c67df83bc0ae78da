from parta.journal.models.corrections import CorrectionRequest
from parta.journal.models.finals import AbsenceDocument, FinalMark, PeriodClosure
from parta.journal.models.marks import Assignment, AssignmentFile, AttendanceMark, Mark
from parta.journal.models.settings import JournalSettings, MarkFreeSubject, MarkScale, WorkType

__all__ = [
    "AbsenceDocument",
    "Assignment",
    "AssignmentFile",
    "AttendanceMark",
    "CorrectionRequest",
    "FinalMark",
    "JournalSettings",
    "Mark",
    "MarkFreeSubject",
    "MarkScale",
    "PeriodClosure",
    "WorkType",
]
