from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


#: "on Tuesday" — Russian needs its own preposition and case («во вторник»).
ON_WEEKDAY = {
    1: _("on Monday"),
    2: _("on Tuesday"),
    3: _("on Wednesday"),
    4: _("on Thursday"),
    5: _("on Friday"),
    6: _("on Saturday"),
}


class WeekParity(models.TextChoices):
    EVERY = "every", _("every week")
    ODD = "odd", _("odd weeks")
    EVEN = "even", _("even weeks")


class ClashKind(models.TextChoices):
    TEACHER = "teacher", _("teacher")
    ROOM = "room", _("room")
    CLASS = "class", _("class")
    GROUP = "group", _("study group")
    STUDENTS = "students", _("students")


class LessonStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")


class LessonOrigin(models.TextChoices):
    """How a lesson came to be: generated from the weekly timetable or added by hand."""

    TIMETABLE = "timetable", _("from the timetable")
    ADDED = "added", _("added by hand")


class SubstitutionReason(models.TextChoices):
    ILLNESS = "illness", _("illness")
    COURSE = "course", _("training course")
    OTHER = "other", _("other")
