from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parta.accounts.access import access_for
from parta.api.fields import related_field
from parta.curriculum.models import Subject
from parta.organizations.models import AcademicYear, Room
from parta.people.models import SchoolClass, StaffMember, StudyGroup
from parta.timetable.models import BellSchedule, Slot, TimetableEntry


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


class TimetableEntrySerializer(serializers.ModelSerializer[TimetableEntry]):
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

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        school_ids = sorted(access_for(request.user).readable_school_ids) if request else []
        scoped = {
            "academic_year": AcademicYear.objects.filter(school_id__in=school_ids),
            "school_class": SchoolClass.objects.filter(school_id__in=school_ids),
            "study_group": StudyGroup.objects.filter(school_id__in=school_ids),
            "teacher": StaffMember.objects.filter(school_id__in=school_ids),
            "room": Room.objects.filter(school_id__in=school_ids),
            "subject": Subject.objects.all(),
        }
        for name, queryset in scoped.items():
            related_field(fields[name]).queryset = queryset
        return fields
