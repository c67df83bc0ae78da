from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Averaging(models.TextChoices):
    ARITHMETIC = "arithmetic", _("arithmetic mean")
    WEIGHTED = "weighted", _("weighted mean")


class AttendanceCode(models.TextChoices):
    """The codes typed into a journal cell (н, у/п, б, о)."""

    ABSENT = "н", pgettext_lazy("attendance", "absent without a valid reason")
    EXCUSED = "у", pgettext_lazy("attendance", "absent for a valid reason")
    ILL = "б", pgettext_lazy("attendance", "ill")
    LATE = "о", pgettext_lazy("attendance", "late")


class FinalMarkKind(models.TextChoices):
    PERIOD = "period", _("period mark")
    YEAR = "year", _("year mark")
    EXAM = "exam", _("exam mark")
    FINAL = "final", _("final mark")


class AbsenceReason(models.TextChoices):
    """Why a document excuses absences; the covered absences take the matching code."""

    ILLNESS = "illness", _("illness (sick note)")
    EXEMPTION = "exemption", _("exemption")
    FAMILY = "family", _("family reasons (application)")
    OTHER = "other", _("other valid reason")


class CorrectionStatus(models.TextChoices):
    """Where a correction request stands."""

    PENDING = "pending", _("awaiting a decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
