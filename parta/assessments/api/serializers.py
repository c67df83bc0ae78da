from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parta.api.fields import EnumField, SchoolScopedFieldsMixin
from parta.assessments.choices import ProcedureLevel, Rule, WorkForm
from parta.assessments.models import AssessmentProcedure


class AssessmentProcedureSerializer(
    SchoolScopedFieldsMixin, serializers.ModelSerializer[AssessmentProcedure]
):
    """An assessment procedure (оценочная процедура) of a class or one of its study groups.
    `school` and `academic_year` follow the class; `lesson` is found automatically when the
    class has exactly one lesson of the subject that day. Writes answer 400 with the message
    naming the field for impossible data; the federal recommendations never refuse a write,
    they are listed by `assessment-procedures/violations/`."""

    level = EnumField(ProcedureLevel, read_only=False, required=False)
    form = EnumField(WorkForm, read_only=False, required=False)

    class Meta:
        model = AssessmentProcedure
        fields = [
            "id",
            "school",
            "academic_year",
            "school_class",
            "study_group",
            "subject",
            "date",
            "lesson",
            "level",
            "form",
            "title",
            "note",
        ]
        read_only_fields = ["id", "school", "academic_year"]
        validators: list[Any] = []  # the model's rules run in the service


class ViolationSerializer(serializers.Serializer[Any]):
    """A broken federal recommendation: the class (or group), subject, dates, the procedures
    involved and the sentence the pages show."""

    rule = EnumField(Rule)
    rule_label = serializers.CharField()
    class_name = serializers.CharField()
    subject_name = serializers.CharField()
    dates = serializers.ListField(child=serializers.DateField())
    procedure_ids = serializers.ListField(child=serializers.IntegerField())
    message = serializers.CharField()
