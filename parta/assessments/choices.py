from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProcedureLevel(models.TextChoices):
    """Who sets the procedure: the federal level (ВПР), the region (РДР) or the school."""

    FEDERAL = "federal", _("federal (VPR)")
    REGIONAL = "regional", _("regional (RDR)")
    SCHOOL = "school", pgettext_lazy("procedure level", "school")


class WorkForm(models.TextChoices):
    """The form of the work (форма оценочной процедуры)."""

    TEST_PAPER = "test_paper", _("test paper")
    DICTATION = "dictation", _("dictation")
    TEST = "test", pgettext_lazy("assessment procedure", "test")
    DIAGNOSTIC = "diagnostic", _("diagnostic work")
    CHECK_WORK = "check_work", _("check work")
    ESSAY = "essay", _("essay")
    PRESENTATION = "presentation", _("written summary")
    PRACTICAL = "practical", _("practical work")
    OTHER = "other", _("other")


class Rule(models.TextChoices):
    """The federal recommendations a schedule is checked against (letters of 06.08.2021
    №СК-228/03 and №01-169/08-01)."""

    ONE_PER_DAY = "one_per_day", _("at most one procedure per class per day")
    FIRST_OR_LAST = "first_or_last", _("not in the first or the last lesson of the day")
    INTERVAL = "interval", _("one subject at most once in 2.5 weeks")
    SHARE = "share", _("at most 10 percent of the subject's lessons")
    NO_LESSON = "no_lesson", _("no lesson of the subject that day")
