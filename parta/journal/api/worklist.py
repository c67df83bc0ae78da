"""The teacher's own lessons over a span with what is still to fill in (`teacher_lessons`)."""

from __future__ import annotations

import datetime
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from parta.api.views import ApiView
from parta.journal.worklist import teacher_lessons
from parta.organizations.models import Organization
from parta.people.models import StaffMember

MAX_DAYS = 31


class WorklistQuerySerializer(serializers.Serializer[Any]):
    school = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end is before the start.")]})
        if attrs["end"] - attrs["start"] > datetime.timedelta(days=MAX_DAYS - 1):
            raise serializers.ValidationError({"end": [_("At most 31 days at a time.")]})
        return attrs


class MyLessonsView(ApiView):
    """The user's lessons in a school (as the teacher or the substitute), not cancelled, with
    flags: no topic, no homework, marks, absences, editable. 403 without a staff record in that
    school. Constant queries."""

    @extend_schema(tags=["journal"], parameters=[WorklistQuerySerializer], responses=dict)
    def get(self, request: Request) -> Response:
        query = WorklistQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        school = get_object_or_404(Organization, pk=data["school"])
        user: Any = request.user
        if not StaffMember.objects.filter(school=school, person__user=user).exists():
            raise exceptions.PermissionDenied
        items = teacher_lessons(
            user=request.user, school=school, start=data["start"], end=data["end"]
        )
        return Response(
            {
                "school": school.pk,
                "start": data["start"],
                "end": data["end"],
                "lessons": [
                    {
                        "id": item.lesson.pk,
                        "date": item.lesson.date,
                        "slot_number": item.lesson.slot_number,
                        "subject": item.lesson.subject_id,
                        "school_class": item.lesson.school_class_id,
                        "study_group": item.lesson.study_group_id,
                        "substituted": item.substituted,
                        "as_substitute": item.as_substitute,
                        "no_topic": item.no_topic,
                        "no_homework": item.no_homework,
                        "marks": item.marks,
                        "absences": item.absences,
                        "editable": item.editable,
                        "url": item.url,
                    }
                    for item in items
                ],
            }
        )
