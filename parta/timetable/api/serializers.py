from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parta.api.fields import SchoolScopedFieldsMixin
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, Room
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.timetable.choices import SubstitutionReason
from parta.timetable.models import (
    BellSchedule,
    BellScheduleDay,
    Lesson,
    Slot,
    Substitution,
    TimetableEntry,
)


class SlotSerializer(serializers.ModelSerializer[Slot]):
    class Meta:
        model = Slot
        fields = ["id", "number", "start_time", "end_time"]
        read_only_fields = fields


class BellScheduleSerializer(serializers.ModelSerializer[BellSchedule]):
    """A bell schedule (расписание звонков) with its lessons in number order."""

    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = BellSchedule
        fields = ["id", "school", "academic_year", "name", "is_default", "slots"]
        read_only_fields = fields


class TimetableEntrySerializer(
    SchoolScopedFieldsMixin, serializers.ModelSerializer[TimetableEntry]
):
    """A lesson of the weekly timetable: weekday (1 = Monday … 6 = Saturday) × lesson number,
    for a whole class or a study group (exactly one of the two). `school` follows the academic
    year. A write that clashes with another lesson (teacher, room, class, group, students)
    answers 400 with every clash message."""

    class Meta:
        model = TimetableEntry
        fields = [
            "id",
            "school",
            "academic_year",
            "weekday",
            "slot_number",
            "school_class",
            "study_group",
            "subject",
            "teacher",
            "room",
            "week_parity",
            "valid_from",
            "valid_to",
        ]
        read_only_fields = ["id", "school"]
        validators: list[Any] = []  # the model's rules and the clashes run in the service


# --- dated lessons -----------------------------------------------------------------------------
class SubstitutionBriefSerializer(serializers.ModelSerializer[Substitution]):
    class Meta:
        model = Substitution
        fields = ["teacher", "reason", "note"]
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer[Lesson]):
    """A dated lesson: date × lesson number (times from the bell schedule in force that day),
    a whole class or a study group, its teacher and, when another teacher gives it, the
    substitution. `planned_date` is the date the timetable gave it; `is_moved` says it was moved
    since. `origin`: `timetable` or `added` (by hand)."""

    substitution = SubstitutionBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Lesson
        fields = [
            "id",
            "school",
            "academic_year",
            "date",
            "slot_number",
            "start_time",
            "end_time",
            "school_class",
            "study_group",
            "subject",
            "teacher",
            "room",
            "status",
            "cancel_reason",
            "origin",
            "planned_date",
            "is_moved",
            "topic",
            "substitution",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Lesson) -> dict[str, Any]:
        data = super().to_representation(instance)
        try:
            instance.substitution  # noqa: B018 - a missing reverse one-to-one raises
        except Substitution.DoesNotExist:
            data["substitution"] = None
        return data


class ScopedSerializer(SchoolScopedFieldsMixin, serializers.Serializer[Any]):
    """Related fields narrowed to the schools the user reads."""


class LessonAddSerializer(ScopedSerializer):
    """A lesson added by hand: a class or a study group (exactly one)."""

    date = serializers.DateField()
    slot_number = serializers.IntegerField(min_value=0, max_value=10)
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.none(), required=False, allow_null=True
    )
    study_group = serializers.PrimaryKeyRelatedField(
        queryset=StudyGroup.objects.none(), required=False, allow_null=True
    )
    subject = serializers.PrimaryKeyRelatedField(queryset=Subject.objects.none())
    teacher = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.none())
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.none(), required=False, allow_null=True
    )


class LessonMoveSerializer(ScopedSerializer):
    """Move to another date and lesson number; `room` given (or null) changes the room,
    omitted keeps it."""

    date = serializers.DateField()
    slot_number = serializers.IntegerField(min_value=0, max_value=10)
    room = serializers.PrimaryKeyRelatedField(
        queryset=Room.objects.none(), required=False, allow_null=True
    )


class LessonCancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class SubstitutionSetSerializer(ScopedSerializer):
    teacher = serializers.PrimaryKeyRelatedField(queryset=StaffMember.objects.none())
    reason = serializers.ChoiceField(choices=SubstitutionReason.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class GenerateSerializer(ScopedSerializer):
    """Generate (or regenerate) the lessons of `academic_year` between `start` and `end`
    (omitted: the year's first and last day), for the `classes` given (omitted: all)."""

    academic_year = serializers.PrimaryKeyRelatedField(queryset=AcademicYear.objects.none())
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.none(), many=True, required=False
    )


class GenerationResultSerializer(serializers.Serializer[Any]):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    kept = serializers.ListField(child=serializers.CharField())
    skipped = serializers.ListField(child=serializers.CharField())


class SubstitutionSerializer(serializers.ModelSerializer[Substitution]):
    """A substitution with the lesson it belongs to."""

    date = serializers.DateField(source="lesson.date", read_only=True)
    slot_number = serializers.IntegerField(source="lesson.slot_number", read_only=True)
    replaced_teacher = serializers.IntegerField(source="lesson.teacher_id", read_only=True)
    subject = serializers.IntegerField(source="lesson.subject_id", read_only=True)

    class Meta:
        model = Substitution
        fields = [
            "id",
            "school",
            "lesson",
            "date",
            "slot_number",
            "subject",
            "replaced_teacher",
            "teacher",
            "reason",
            "note",
        ]
        read_only_fields = fields


class ReportQuerySerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()


class CountsSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    replaced = serializers.IntegerField()
    substituting = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class ReportSerializer(serializers.Serializer[Any]):
    """Substitutions and cancellations between two dates: counts per teacher (replaced in their
    own lessons, substituting in others', cancelled) and per subject, and every lesson."""

    start = serializers.DateField()
    end = serializers.DateField()
    teachers = CountsSerializer(many=True)
    subjects = CountsSerializer(many=True)
    lessons = LessonSerializer(many=True)


class BellScheduleDaySerializer(ScopedSerializer, serializers.ModelSerializer[BellScheduleDay]):
    """A date on which the whole school follows another bell schedule (a shortened day)."""

    class Meta:
        model = BellScheduleDay
        fields = ["id", "school", "date", "bell_schedule"]
        read_only_fields = ["id", "school"]
        validators: list[Any] = []
