from parta.timetable.models.bells import BellSchedule, BellScheduleDay, ClassBellSchedule, Slot
from parta.timetable.models.entries import TimetableEntry

__all__ = ["BellSchedule", "BellScheduleDay", "ClassBellSchedule", "Slot", "TimetableEntry"]
