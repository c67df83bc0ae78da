from django.db import models
from django.utils.translation import gettext_lazy as _


class AudienceScope(models.TextChoices):
    SCHOOL = "school", _("the whole school")
    GRADE = "grade", _("a grade (parallel)")
    CLASS = "class", _("a class")


class EventKind(models.TextChoices):
    EVENT = "event", _("school event")
    PARENT_MEETING = "parent_meeting", _("parent meeting")


class NotificationKind(models.TextChoices):
    MARK = "mark", _("new mark")
    ABSENCE = "absence", _("absence")
    FINAL_MARK = "final_mark", _("period or year mark")
    MESSAGE = "message", _("new message")
    ANNOUNCEMENT = "announcement", _("announcement")
    EVENT = "event", _("event or parent meeting")
    LESSON_CHANGE = "lesson_change", _("substitution or cancelled lesson")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in Parta")
    EMAIL = "email", _("e-mail")
