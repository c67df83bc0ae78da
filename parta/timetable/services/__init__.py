from parta.timetable.services.bells import (
    SlotData,
    bell_schedule_save,
    class_bell_schedule_set,
)
from parta.timetable.services.conflicts import clash_messages, find_clashes
from parta.timetable.services.entries import (
    timetable_copy,
    timetable_entry_delete,
    timetable_entry_save,
)
from parta.timetable.services.generation import GenerationResult, lessons_generate

__all__ = [
    "GenerationResult",
    "SlotData",
    "bell_schedule_save",
    "clash_messages",
    "class_bell_schedule_set",
    "find_clashes",
    "lessons_generate",
    "timetable_copy",
    "timetable_entry_delete",
    "timetable_entry_save",
]
