"""What the journal holds for a lesson: the work done in it (assignments, homework among them),
each student's marks for the work, and each student's attendance."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.journal.choices import AttendanceCode
from parta.journal.models.settings import WorkType
from parta.journal.querysets import (
    AssignmentFileQuerySet,
    AssignmentQuerySet,
    AttendanceMarkQuerySet,
    MarkQuerySet,
)


class Assignment(models.Model):
    """Work in a lesson (задание): its work type (with the weight), a title, for homework the
    text and the due date. A lesson may hold several."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    lesson = models.ForeignKey(
        "timetable.Lesson",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("lesson"),
    )
    work_type = models.ForeignKey(
        WorkType, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("work type")
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    text = models.TextField(_("text"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["lesson", "position", "pk"]
        indexes = [
            models.Index(fields=["lesson", "position"], name="assignment_lesson"),
            # the diary's homework due in a week, given in an earlier lesson
            models.Index(
                fields=["school", "due_date"],
                name="assignment_due",
                condition=models.Q(due_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title or str(self.work_type.name)

    def clean(self) -> None:
        require_same_school(self, "lesson", "work_type")


def assignment_file_path(instance: AssignmentFile, filename: str) -> str:
    """Where a file is stored: by school and a random name (files are served only through the
    journal's access checks, never by their storage URL; the user's name stays in `name`)."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"journal/{instance.school_id}/{uuid.uuid4().hex}{suffix}"


class AssignmentFile(models.Model):
    """A file attached to an assignment (homework materials, a worksheet). Size and type are
    limited by the settings `PARTA_UPLOAD_MAX_BYTES` and `PARTA_UPLOAD_EXTENSIONS`."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="files", verbose_name=_("assignment")
    )
    file = models.FileField(_("file"), upload_to=assignment_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size, bytes"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = AssignmentFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment file")
        verbose_name_plural = _("assignment files")
        ordering = ["assignment", "pk"]

    def __str__(self) -> str:
        return self.name


class Mark(models.Model):
    """A student's mark for an assignment: a value of the school's scale («5», «4», a double
    «5/4», or a special «н/а», «осв», «зч», «нз»), an optional comment and the duty flag (точка:
    the student owes the work). `version` grows with every change, so a save based on an older
    value is refused instead of overwriting it."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="marks", verbose_name=_("assignment")
    )
    student = models.ForeignKey(
        "people.Student", on_delete=models.CASCADE, related_name="marks", verbose_name=_("student")
    )
    value = models.CharField(_("mark"), max_length=10, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    is_duty = models.BooleanField(_("owes the work"), default=False)
    version = models.PositiveIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = MarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("mark")
        verbose_name_plural = _("marks")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="mark_unique_per_assignment"
            ),
            models.CheckConstraint(
                condition=~models.Q(value="") | models.Q(is_duty=True),
                name="mark_value_or_duty",
                violation_error_message=_("A mark needs a value or the duty flag."),
            ),
        ]
        indexes = [models.Index(fields=["student", "assignment"], name="mark_student")]

    def __str__(self) -> str:
        return self.value or "•"


class AttendanceMark(models.Model):
    """A student's attendance at a lesson (н, у/п, б, о); no row means present."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organization"),
    )
    lesson = models.ForeignKey(
        "timetable.Lesson",
        on_delete=models.PROTECT,
        related_name="attendance_marks",
        verbose_name=_("lesson"),
    )
    student = models.ForeignKey(
        "people.Student",
        on_delete=models.CASCADE,
        related_name="attendance_marks",
        verbose_name=_("student"),
    )
    code = models.CharField(_("attendance"), max_length=2, choices=AttendanceCode.choices)
    document = models.ForeignKey(
        "journal.AbsenceDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance_marks",
        verbose_name=_("absence document"),
        help_text=_(
            "The document that recoded this absence (its code before stays in the history)."
        ),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = AttendanceMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "student"], name="attendance_unique")
        ]
        indexes = [models.Index(fields=["student", "lesson"], name="attendance_student")]

    def __str__(self) -> str:
        return self.code
