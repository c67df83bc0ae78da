"""Shapes of the journal's endpoints. Input serializers carry plain ids: the views resolve them
within the schools the user reads, so another school's id answers 404 like a missing one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from parta.journal.choices import AttendanceCode, Averaging
from parta.journal.models import (
    Assignment,
    AssignmentFile,
    AttendanceMark,
    JournalSettings,
    Mark,
    WorkType,
)

MAX_BULK = 300


# --- rows ---------------------------------------------------------------------------------------
class WorkTypeSerializer(serializers.ModelSerializer[WorkType]):
    """A kind of work with its weight in the weighted average."""

    class Meta:
        model = WorkType
        fields = [
            "id",
            "school",
            "name",
            "abbreviation",
            "weight",
            "is_homework",
            "is_active",
            "position",
        ]
        read_only_fields = ["id", "school"]


class WorkTypeCreateSerializer(WorkTypeSerializer):
    school = serializers.IntegerField(source="school_id")

    class Meta(WorkTypeSerializer.Meta):
        read_only_fields = ["id"]
        validators: list[Any] = []  # the unique name is checked by the service


class MarkSerializer(serializers.ModelSerializer[Mark]):
    """A student's mark for an assignment. `version` grows with every change: send it back as
    `expected_version` to change or delete the mark."""

    lesson = serializers.IntegerField(source="assignment.lesson_id", read_only=True)

    class Meta:
        model = Mark
        fields = [
            "id",
            "school",
            "assignment",
            "lesson",
            "student",
            "value",
            "comment",
            "is_duty",
            "version",
            "updated_at",
        ]
        read_only_fields = fields


class AttendanceMarkSerializer(serializers.ModelSerializer[AttendanceMark]):
    """A student's attendance at a lesson: н (absent without a valid reason), у (valid reason),
    б (ill), о (late). No row means present."""

    class Meta:
        model = AttendanceMark
        fields = ["id", "school", "lesson", "student", "code", "version", "updated_at"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer[Assignment]):
    """Work in a lesson: its work type (with the weight), a title, for homework the text and
    the due date."""

    class Meta:
        model = Assignment
        fields = ["id", "school", "lesson", "work_type", "title", "text", "due_date", "position"]
        read_only_fields = ["id", "school", "position"]


class AssignmentFileSerializer(serializers.ModelSerializer[AssignmentFile]):
    """A file attached to an assignment; `url` downloads it (the storage URL is never given)."""

    url = serializers.SerializerMethodField()

    class Meta:
        model = AssignmentFile
        fields = ["id", "school", "assignment", "name", "size", "content_type", "created_at", "url"]
        read_only_fields = fields

    def get_url(self, row: AssignmentFile) -> str:
        return file_download_url(row.pk)


def file_download_url(pk: int) -> str:
    """The API download path of an assignment file."""
    return reverse("api:assignment-file-download", args=[pk])


class AssignmentChangeSerializer(serializers.Serializer[Any]):
    work_type = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    text = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class AssignmentCreateSerializer(AssignmentChangeSerializer):
    lesson = serializers.IntegerField()
    work_type = serializers.IntegerField()


class JournalSettingsSerializer(serializers.ModelSerializer[JournalSettings]):
    """How a school keeps its journal (the defaults while the school has saved none)."""

    averaging = serializers.ChoiceField(choices=Averaging.choices, required=False)

    class Meta:
        model = JournalSettings
        fields = [
            "school",
            "mark_scale",
            "averaging",
            "rounding_threshold",
            "min_marks",
            "edit_window_days",
            "class_teacher_final_marks",
        ]
        read_only_fields = ["school", "mark_scale"]


# --- writes of cells ------------------------------------------------------------------------
class MarkInputSerializer(serializers.Serializer[Any]):
    """A mark to set. `expected_version`: the version the client last saw (null or omitted:
    "I saw no mark"); a save based on an older version answers 409 with the current mark."""

    assignment = serializers.IntegerField()
    student = serializers.IntegerField()
    value = serializers.CharField(max_length=10, allow_blank=True, default="")
    comment = serializers.CharField(max_length=300, allow_blank=True, default="")
    is_duty = serializers.BooleanField(default=False)
    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class MarkChangeSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(max_length=10, allow_blank=True, default="")
    comment = serializers.CharField(max_length=300, allow_blank=True, default="")
    is_duty = serializers.BooleanField(default=False)
    expected_version = serializers.IntegerField(min_value=1)


class VersionSerializer(serializers.Serializer[Any]):
    expected_version = serializers.IntegerField(min_value=1)


class MarkBulkItemSerializer(MarkInputSerializer):
    delete = serializers.BooleanField(
        default=False, help_text="Remove the mark (`expected_version`: the version seen)."
    )


class MarkBulkSerializer(serializers.Serializer[Any]):
    """At most 300 marks, saved all or none."""

    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=MarkBulkItemSerializer(), max_length=MAX_BULK, allow_empty=False
    )


class AttendanceInputSerializer(serializers.Serializer[Any]):
    """Set (a code) or clear (null or "") a student's attendance at a lesson."""

    lesson = serializers.IntegerField()
    student = serializers.IntegerField()
    code = serializers.ChoiceField(
        choices=AttendanceCode.choices, allow_null=True, allow_blank=True, required=False
    )
    expected_version = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class AttendanceBulkSerializer(serializers.Serializer[Any]):
    """At most 300 attendance marks, saved all or none."""

    items: serializers.ListSerializer[Any] = serializers.ListSerializer(
        child=AttendanceInputSerializer(), max_length=MAX_BULK, allow_empty=False
    )


class AttendanceResultSerializer(serializers.Serializer[Any]):
    lesson = serializers.IntegerField()
    student = serializers.IntegerField()
    attendance = AttendanceMarkSerializer(allow_null=True)


class TopicSerializer(serializers.Serializer[Any]):
    topic = serializers.CharField(max_length=500, allow_blank=True)


class LessonNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=1000, allow_blank=True, trim_whitespace=True)


class StaleSerializer(serializers.Serializer[Any]):
    """409: someone saved the cell since the client read it; `current` is the stored mark or
    attendance (null: there is none any more)."""

    message = serializers.CharField()
    extra = serializers.DictField()


# --- the journal ----------------------------------------------------------------------------
class JournalQuerySerializer(serializers.Serializer[Any]):
    """A class (its whole-class lessons) or a study group, a subject, and a study period or
    two dates (at most a year)."""

    school_class = serializers.IntegerField(required=False)
    study_group = serializers.IntegerField(required=False)
    subject = serializers.IntegerField()
    period = serializers.IntegerField(required=False, help_text="A study period (quarter …).")
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class JournalStudentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_date = serializers.DateField(help_text="Joined the class or group (an arrival).")
    end_date = serializers.DateField(allow_null=True, help_text="Left it (a leaver).")


class JournalWorkTypeSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    abbreviation = serializers.CharField()
    weight = serializers.DecimalField(max_digits=3, decimal_places=1)
    is_homework = serializers.BooleanField()


class JournalFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    url = serializers.CharField(help_text="The API download of the file.")


class JournalAssignmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    work_type = JournalWorkTypeSerializer()
    title = serializers.CharField()
    text = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    files = JournalFileSerializer(many=True)


class JournalLessonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    slot_number = serializers.IntegerField()
    topic = serializers.CharField()
    status = serializers.CharField()
    assignments = JournalAssignmentSerializer(many=True)


class CellMarkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    assignment = serializers.IntegerField()
    value = serializers.CharField()
    comment = serializers.CharField()
    is_duty = serializers.BooleanField()
    version = serializers.IntegerField()


class CellAttendanceSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    version = serializers.IntegerField()


class JournalCellSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    lesson = serializers.IntegerField()
    enrolled = serializers.BooleanField()
    marks = CellMarkSerializer(many=True)
    attendance = CellAttendanceSerializer(allow_null=True)


class JournalAverageSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    arithmetic = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    weighted = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    count = serializers.IntegerField()


class ScaleValueSerializer(serializers.Serializer[Any]):
    value = serializers.CharField()
    points = serializers.IntegerField(allow_null=True)


class JournalSerializer(serializers.Serializer[Any]):
    """The journal in one answer. `cells` lists only cells holding a mark or an attendance
    mark; a student's cell of a lesson outside their dates is not enrolled."""

    school = serializers.IntegerField()
    school_class = serializers.IntegerField(allow_null=True)
    study_group = serializers.IntegerField(allow_null=True)
    subject = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    mark_free = serializers.BooleanField(help_text="«Без отметок»: topics and attendance only.")
    scale = ScaleValueSerializer(many=True)
    students = JournalStudentSerializer(many=True)
    lessons = JournalLessonSerializer(many=True)
    cells = JournalCellSerializer(many=True)
    averages = JournalAverageSerializer(many=True)


class AudienceSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["class", "group"])
    school_class = serializers.IntegerField(source="school_class_id", allow_null=True)
    study_group = serializers.IntegerField(source="study_group_id", allow_null=True)
    subject = serializers.IntegerField(source="subject_id")
    name = serializers.CharField()
    subject_name = serializers.CharField()


class AudienceQuerySerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()


class HistoryQuerySerializer(serializers.Serializer[Any]):
    lesson = serializers.IntegerField()
    student = serializers.IntegerField()


class HistoryEventSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    action = serializers.CharField()
    object_type = serializers.CharField()
    object_id = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    actor_name = serializers.SerializerMethodField()
    ip_address = serializers.IPAddressField(allow_null=True)
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_actor_name(self, event: Any) -> str:
        return event.actor.get_full_name() or event.actor.username if event.actor else ""
