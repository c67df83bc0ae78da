from __future__ import annotations

from typing import Any

from rest_framework import serializers

from parta.api.fields import SchoolScopedFieldsMixin
from parta.thematic.models import PlanTopic, ThematicPlan
from parta.thematic.services import APPEND, REPLACE


class ThematicPlanSerializer(SchoolScopedFieldsMixin, serializers.ModelSerializer[ThematicPlan]):
    """A calendar-thematic plan (КТП): the plan of one class or study group (exactly one), or a
    template of a grade (`is_template`, neither set). `school` follows the academic year; the
    grade of a class plan follows its class."""

    topic_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ThematicPlan
        fields = [
            "id",
            "school",
            "academic_year",
            "subject",
            "teacher",
            "grade",
            "school_class",
            "study_group",
            "is_template",
            "template",
            "name",
            "topic_count",
            "updated_at",
        ]
        read_only_fields = ["id", "school", "template", "topic_count", "updated_at"]
        extra_kwargs = {"grade": {"required": False}}
        validators: list[Any] = []  # the model's rules run in the service


class PlanTopicSerializer(SchoolScopedFieldsMixin, serializers.ModelSerializer[PlanTopic]):
    """One topic of a plan. `position` (1-based) on create puts the topic there (default: the
    end) and moves the later topics down; to reorder use `thematic-plans/{id}/reorder`."""

    lesson_dates = serializers.SerializerMethodField()

    class Meta:
        model = PlanTopic
        fields = [
            "id",
            "school",
            "plan",
            "position",
            "section",
            "title",
            "hours",
            "planned_date",
            "homework",
            "materials",
            "lesson_dates",
        ]
        read_only_fields = ["id", "school", "lesson_dates"]
        extra_kwargs = {"position": {"required": False}}
        validators: list[Any] = []

    def get_lesson_dates(self, topic: PlanTopic) -> list[str]:
        """Dates of the lessons the topic is bound to."""
        return [lesson.date.isoformat() for lesson in topic.lessons.all()]


class ImportSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="An .xlsx file in the КТП format.")
    mode = serializers.ChoiceField(
        choices=[REPLACE, APPEND],
        default=REPLACE,
        help_text="replace: the file's topics replace the plan's; append: added after them.",
    )
    dry_run = serializers.BooleanField(
        default=True, help_text="true: only check and answer the rows and errors."
    )


class RowErrorSerializer(serializers.Serializer[Any]):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_null=True)
    header = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


class TopicRowSerializer(serializers.Serializer[Any]):
    title = serializers.CharField()
    hours = serializers.CharField()
    section = serializers.CharField()
    homework = serializers.CharField()
    materials = serializers.CharField()
    planned_date = serializers.DateField(allow_null=True)


class ImportPreviewSerializer(serializers.Serializer[Any]):
    """The rows of the file and every error (each with its row and column)."""

    def get_fields(self) -> dict[str, Any]:
        # built here: "errors" would shadow the serializer's own `errors` attribute
        return {
            "ok": serializers.BooleanField(),
            "existing_topics": serializers.IntegerField(),
            "rows": TopicRowSerializer(many=True),
            "errors": RowErrorSerializer(many=True),
        }


class TopicRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()


class BindResultSerializer(serializers.Serializer[Any]):
    lessons = serializers.IntegerField(help_text="Scheduled lessons of the plan.")
    bound = serializers.IntegerField(help_text="Lessons with a topic.")
    changed = serializers.IntegerField(help_text="Lessons whose topic changed now.")
    free_lessons = serializers.IntegerField(help_text="Lessons beyond the plan.")
    unbound_topics = TopicRefSerializer(many=True)
    short_topics = TopicRefSerializer(many=True)


class ImportResultSerializer(serializers.Serializer[Any]):
    written = serializers.IntegerField()
    binding = BindResultSerializer()


class HoursLineSerializer(serializers.Serializer[Any]):
    period = serializers.CharField(source="label")
    curriculum = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    plan = serializers.DecimalField(max_digits=6, decimal_places=1)
    lessons = serializers.IntegerField(allow_null=True)
    plan_vs_curriculum = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    lessons_vs_curriculum = serializers.DecimalField(
        max_digits=6, decimal_places=1, allow_null=True
    )
    ok = serializers.BooleanField()


class HoursCheckSerializer(serializers.Serializer[Any]):
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    periods = HoursLineSerializer(many=True, source="lines")
    year = HoursLineSerializer(source="total")
    unplaced = serializers.DecimalField(max_digits=6, decimal_places=1)
    notes = serializers.ListField(child=serializers.CharField())


class ReorderSerializer(serializers.Serializer[Any]):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text="Every topic id of the plan, in the new order."
    )


class ApplyTemplateSerializer(serializers.Serializer[Any]):
    classes = serializers.ListField(child=serializers.IntegerField())


class ApplyReportSerializer(serializers.Serializer[Any]):
    created = serializers.ListField(child=serializers.IntegerField())
    skipped = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
