from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parta.api.fields import SchoolScopedFieldsMixin
from parta.curriculum.models import Curriculum, CurriculumItem, Subject, TeachingAssignment


class SubjectSerializer(serializers.ModelSerializer[Subject]):
    """A subject: `school` is null for the federal catalogue shared by every school."""

    is_federal = serializers.BooleanField(read_only=True)

    class Meta:
        model = Subject
        fields = ["id", "school", "is_federal", "name", "short_name", "code", "is_active"]
        read_only_fields = fields


class CurriculumItemSerializer(
    SchoolScopedFieldsMixin, serializers.ModelSerializer[CurriculumItem]
):
    """A line of a curriculum: a subject with its weekly hours, the part of the plan and the
    form of interim attestation. `school` follows the curriculum."""

    class Meta:
        model = CurriculumItem
        fields = [
            "id",
            "school",
            "curriculum",
            "subject",
            "hours_per_week",
            "part",
            "attestation_form",
        ]
        read_only_fields = ["id", "school"]
        validators: list[Any] = []  # the model's rules run in the service (one message shape)


class CurriculumSerializer(serializers.ModelSerializer[Curriculum]):
    """A curriculum (учебный план) of a grade or, as an individual plan, of one class, with its
    lines and totals (annual hours: 33 study weeks in grade 1, 34 otherwise)."""

    items = CurriculumItemSerializer(many=True, read_only=True)
    hours_per_week = serializers.DecimalField(
        max_digits=6, decimal_places=1, read_only=True, help_text="Sum of the lines."
    )
    hours_per_year = serializers.DecimalField(max_digits=7, decimal_places=1, read_only=True)
    warning = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="Set when the annual hours are outside the federal range of the grade.",
    )

    class Meta:
        model = Curriculum
        fields = [
            "id",
            "school",
            "academic_year",
            "name",
            "grade",
            "school_class",
            "hours_per_week",
            "hours_per_year",
            "warning",
            "items",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Curriculum) -> dict[str, Any]:
        from parta.curriculum.selectors import curriculum_totals

        totals = curriculum_totals(instance)
        # The declared read-only fields below read these computed totals from the instance
        # (attributes the model does not declare, hence the attr-defined ignores).
        instance.hours_per_week = totals.weekly  # type: ignore[attr-defined]
        instance.hours_per_year = totals.annual  # type: ignore[attr-defined]
        instance.warning = totals.warning.message if totals.warning else None  # type: ignore[attr-defined]
        return super().to_representation(instance)


class TeachingAssignmentSerializer(
    SchoolScopedFieldsMixin, serializers.ModelSerializer[TeachingAssignment]
):
    """A line of the teaching load (педагогическая нагрузка): a teacher, a subject, a class or
    a study group (exactly one), hours per week. `school` follows the academic year."""

    class Meta:
        model = TeachingAssignment
        fields = [
            "id",
            "school",
            "academic_year",
            "teacher",
            "subject",
            "school_class",
            "study_group",
            "hours_per_week",
        ]
        read_only_fields = ["id", "school"]
        validators: list[Any] = []


class LoadLineSerializer(serializers.Serializer[Any]):
    subject = serializers.IntegerField()
    subject_name = serializers.CharField()
    planned = serializers.DecimalField(max_digits=6, decimal_places=1)
    assigned = serializers.DecimalField(max_digits=6, decimal_places=1)
    missing = serializers.DecimalField(max_digits=6, decimal_places=1)
    surplus = serializers.DecimalField(max_digits=6, decimal_places=1)


class ClassCheckSerializer(serializers.Serializer[Any]):
    school_class = serializers.IntegerField()
    name = serializers.CharField()
    curriculum = serializers.IntegerField(allow_null=True)
    problems = LoadLineSerializer(many=True)


class TeacherLoadSerializer(serializers.Serializer[Any]):
    teacher = serializers.IntegerField()
    name = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1)
    assignments = serializers.ListField(child=serializers.IntegerField())


class LoadCheckSerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    academic_year = serializers.IntegerField()
    classes = ClassCheckSerializer(many=True)
    teachers = TeacherLoadSerializer(many=True)
