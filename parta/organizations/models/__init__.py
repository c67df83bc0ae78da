from parta.organizations.models.buildings import Building, Room
from parta.organizations.models.calendar import (
    AcademicYear,
    Holiday,
    HolidaySet,
    PeriodSet,
    StudyPeriod,
)
from parta.organizations.models.organizations import Organization

__all__ = [
    "AcademicYear",
    "Building",
    "Holiday",
    "HolidaySet",
    "Organization",
    "PeriodSet",
    "Room",
    "StudyPeriod",
]
