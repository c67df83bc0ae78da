"""The marks of a student through the API, from the same selectors as the marks page.
`GET /api/v1/students/{id}/marks/?period=<id|year>`: subjects with their marks, averages, final
marks and chart points; `GET /api/v1/students/{id}/overdue/`: the overdue mandatory work. Who
may read: the student, their parents, the school's staff; anyone else gets 404."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiView
from parta.core.context import Actor
from parta.diary.api.week import diary_student
from parta.diary.marks import (
    MarksPage,
    marks_page,
    overdue_work,
    student_year,
)
from parta.journal.rules import school_today


class MarkEntrySerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="mark_id")
    date = serializers.DateField(source="day")
    value = serializers.CharField(help_text="Empty for a duty flag alone.")
    comment = serializers.CharField()
    is_duty = serializers.BooleanField()
    work_type = serializers.CharField()
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    title = serializers.CharField()


class FinalSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField()
    study_period = serializers.IntegerField(source="study_period_id", allow_null=True)
    value = serializers.CharField()
    comment = serializers.CharField()


class ChartPointSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(source="day")
    weighted_average = serializers.DecimalField(source="value", max_digits=5, decimal_places=2)


class AveragesSerializer(serializers.Serializer[Any]):
    arithmetic = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    weighted = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    count = serializers.IntegerField()


class SubjectMarksSerializer(serializers.Serializer[Any]):
    subject = serializers.IntegerField(source="subject_id")
    subject_name = serializers.CharField()
    mark_free = serializers.BooleanField()
    marks = MarkEntrySerializer(many=True)
    averages = AveragesSerializer()
    period_marks = FinalSerializer(many=True)
    year_mark = FinalSerializer(allow_null=True)
    chart = ChartPointSerializer(many=True, source="chart_points")


class OverdueSerializer(serializers.Serializer[Any]):
    kind = serializers.CharField(help_text="duty (owes the work) or homework (past due).")
    date = serializers.DateField(source="day")
    subject_name = serializers.CharField()
    title = serializers.CharField()
    work_type = serializers.CharField()


class PeriodSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()


class MarksSerializer(serializers.Serializer[MarksPage]):
    student = serializers.IntegerField(source="student.pk")
    school_class = serializers.IntegerField(source="school_class.pk", allow_null=True)
    periods = PeriodSerializer(many=True)
    period = serializers.IntegerField(
        source="period.pk", allow_null=True, help_text="null: the whole year."
    )
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    subjects = SubjectMarksSerializer(many=True)
    overdue = OverdueSerializer(many=True)


def _student(request: Request, pk: int) -> Any:
    """The student if the user reads their diary; 404 otherwise (a refusal is audited, as for
    the diary week)."""
    return diary_student(request, Actor.from_request(request), pk)


class StudentMarksView(ApiView):
    @extend_schema(
        tags=["diary"],
        parameters=[
            OpenApiParameter(
                "period",
                str,
                description="A study period id of the student's class, or «year»; default: "
                "the current period.",
            )
        ],
        responses=MarksSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        """A student's marks per subject with the averages, the final marks and the chart."""
        student = _student(request, pk)
        page = marks_page(
            school=student.school,
            student=student,
            wanted_period=request.query_params.get("period"),
            today=school_today(student.school),
            chart_title="%(subject)s",
        )
        return Response(MarksSerializer(page).data)


class StudentOverdueView(ApiView):
    @extend_schema(tags=["diary"], responses=OverdueSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        """A student's overdue mandatory work in their current academic year."""
        student = _student(request, pk)
        today = school_today(student.school)
        year = student_year(student, today)
        items = (
            []
            if year is None
            else overdue_work(school=student.school, student=student, year=year, today=today)
        )
        return Response(OverdueSerializer(items, many=True).data)
