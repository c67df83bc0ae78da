"""The journal of a class or study group in a subject in one call, the journals a user may
open, and the history of one cell."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.views import ApiView
from parta.curriculum.models import Subject
from parta.journal.api import serializers
from parta.journal.api.access import found, require_lesson_read, require_read
from parta.journal.models import AssignmentFile
from parta.journal.selectors import (
    Audience,
    JournalGrid,
    cell_history,
    journal_audiences_for,
    journal_grid,
)
from parta.organizations.models import Organization, StudyPeriod
from parta.people.models import SchoolClass, Student, StudyGroup
from parta.timetable.models import Lesson

MAX_DAYS = 366


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _files_of(grid: JournalGrid) -> dict[int, list[dict[str, Any]]]:
    """The files of the grid's assignments by assignment, in one query (none without
    assignments)."""
    ids = [a.pk for lesson in grid.lessons for a in grid.assignments[lesson.pk]]
    files: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not ids:
        return files
    rows = AssignmentFile.objects.filter(school_id=grid.school.pk, assignment_id__in=ids)
    for row in rows.order_by("assignment_id", "pk"):
        files[row.assignment_id].append(
            {
                "id": row.pk,
                "name": row.name,
                "size": row.size,
                "content_type": row.content_type,
                "url": serializers.file_download_url(row.pk),
            }
        )
    return files


def _grid_data(grid: JournalGrid) -> dict[str, Any]:
    """The grid as `JournalSerializer` describes it, built directly (a full year's journal
    holds thousands of cells; a serializer per cell would cost more than the queries)."""
    files = _files_of(grid)
    cells = []
    for (student_id, lesson_id), cell in grid.cells.items():
        if not cell.marks and cell.attendance is None:
            continue
        attendance = cell.attendance
        cells.append(
            {
                "student": student_id,
                "lesson": lesson_id,
                "enrolled": cell.enrolled,
                "marks": [
                    {
                        "id": m.pk,
                        "assignment": m.assignment_id,
                        "value": m.value,
                        "comment": m.comment,
                        "is_duty": m.is_duty,
                        "version": m.version,
                    }
                    for m in cell.marks
                ],
                "attendance": None
                if attendance is None
                else {"id": attendance.pk, "code": attendance.code, "version": attendance.version},
            }
        )
    return {
        "school": grid.school.pk,
        "school_class": grid.school_class.pk if grid.school_class is not None else None,
        "study_group": grid.study_group.pk if grid.study_group is not None else None,
        "subject": grid.subject.pk,
        "start": grid.start,
        "end": grid.end,
        "mark_free": grid.mark_free,
        "scale": [{"value": value, "points": points} for value, points in grid.scale.items()],
        "students": [
            {
                "id": row.student.pk,
                "name": row.student.person.full_name,
                "start_date": row.start_date,
                "end_date": row.end_date,
            }
            for row in grid.students
        ],
        "lessons": [
            {
                "id": lesson.pk,
                "date": lesson.date,
                "slot_number": lesson.slot_number,
                "topic": lesson.topic,
                "status": lesson.status,
                "assignments": [
                    {
                        "id": a.pk,
                        "work_type": {
                            "id": a.work_type.pk,
                            "name": a.work_type.name,
                            "abbreviation": a.work_type.abbreviation,
                            "weight": str(a.work_type.weight),
                            "is_homework": a.work_type.is_homework,
                        },
                        "title": a.title,
                        "text": a.text,
                        "due_date": a.due_date,
                        "files": files.get(a.pk, []),
                    }
                    for a in grid.assignments[lesson.pk]
                ],
            }
            for lesson in grid.lessons
        ],
        "cells": cells,
        "averages": [
            {
                "student": student_id,
                "arithmetic": _decimal(avg.arithmetic),
                "weighted": _decimal(avg.weighted),
                "count": avg.count,
            }
            for student_id, avg in grid.averages.items()
        ],
    }


def _dates(data: dict[str, Any], school: Organization, user: Any) -> tuple[Any, Any]:
    if data.get("period") is not None:
        period = found(StudyPeriod.objects.all(), data["period"], user)
        if period.school_id != school.pk:
            raise exceptions.NotFound()
        return period.start_date, period.end_date
    start, end = data.get("start"), data.get("end")
    if start is None or end is None:
        raise exceptions.ValidationError({"period": [_("Choose a study period or two dates.")]})
    if end < start or (end - start).days > MAX_DAYS:
        raise exceptions.ValidationError(
            {"end": [_("Choose at most a year, ending after the start.")]}
        )
    return start, end


class JournalView(ApiView):
    """The journal of a class (its whole-class lessons) or a study group in a subject, for a
    study period or between two dates: students (with the dates they joined or left), lessons
    with their assignments, the cells holding marks or attendance, and each student's
    averages. Read by school staff who read the whole school, the teacher of those lessons
    and the class teacher (a substitute reads the substituted lesson's cells through `marks`,
    `attendance` and `cells/history`). A constant number of queries."""

    @extend_schema(
        tags=["journal"],
        parameters=[serializers.JournalQuerySerializer],
        responses=serializers.JournalSerializer,
    )
    def get(self, request: Request) -> Response:
        query = serializers.JournalQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = dict(query.validated_data)
        if (data.get("school_class") is None) == (data.get("study_group") is None):
            raise exceptions.ValidationError(
                {"school_class": [_("Choose either a class or a study group.")]}
            )
        user = request.user
        school_class = study_group = None
        if data.get("school_class") is not None:
            school_class = found(
                SchoolClass.objects.select_related("school"), data["school_class"], user
            )
            school = school_class.school
        else:
            study_group = found(
                StudyGroup.objects.select_related("school"), data["study_group"], user
            )
            school = study_group.school
        subject = Subject.objects.filter(pk=data["subject"]).first()
        if subject is None or subject.school_id not in (None, school.pk):
            raise exceptions.NotFound()
        audience = Audience(
            school_class_id=school_class.pk if school_class else None,
            study_group_id=study_group.pk if study_group else None,
            subject_id=subject.pk,
            name="",
            subject_name="",
        )
        require_read(user, school.pk, audience)
        start, end = _dates(data, school, user)
        grid = journal_grid(
            school=school,
            school_class=school_class,
            study_group=study_group,
            subject=subject,
            start=start,
            end=end,
        )
        return Response(_grid_data(grid))


class JournalAudiencesView(ApiView):
    """The journals (class or group × subject) the user may open in a school."""

    @extend_schema(
        tags=["journal"],
        parameters=[serializers.AudienceQuerySerializer],
        responses=serializers.AudienceSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = serializers.AudienceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        school_id = query.validated_data["school"]
        if not access_for(request.user).can_read_school(school_id):
            raise exceptions.NotFound()
        school = Organization.objects.get(pk=school_id)
        audiences = journal_audiences_for(request.user, school)
        return Response(serializers.AudienceSerializer(audiences, many=True).data)


class CellHistoryView(ApiView):
    """Every change of one student's marks and attendance at one lesson (who, when, from
    where, before → after), the newest first. Read by those who read the lesson's journal
    (its substitute included)."""

    @extend_schema(
        tags=["journal"],
        parameters=[serializers.HistoryQuerySerializer],
        responses=serializers.HistoryEventSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        query = serializers.HistoryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = request.user
        lesson = found(
            Lesson.objects.select_related("school"), query.validated_data["lesson"], user
        )
        student = Student.objects.filter(
            pk=query.validated_data["student"], school_id=lesson.school_id
        ).first()
        if student is None:
            raise exceptions.NotFound()
        require_lesson_read(user, lesson)
        events = cell_history(school=lesson.school, lesson=lesson, student=student)
        return Response(serializers.HistoryEventSerializer(events, many=True).data)
