from parta.timetable.models.bells import BellSchedule, BellScheduleDay, ClassBellSchedule, Slot
from parta.timetable.models.entries import TimetableEntry
from parta.timetable.models.lessons import Lesson, Substitution

__all__ = [
    "BellSchedule",
    "BellScheduleDay",
    "ClassBellSchedule",
    "Lesson",
    "Slot",
    "Substitution",
    "TimetableEntry",
]
