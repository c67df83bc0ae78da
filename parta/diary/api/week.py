"""The diary week through the API: a student's week in one call, their homework ticked done,
the parent's acknowledgement, a class's acknowledgements, a file of the diary, and the students
whose diary the user reads as a student or a parent. Same rules as the pages: a student that
is not the user's to read answers 404 (and the refusal is audited)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.pagination import DefaultPagination
from parta.api.views import ApiView, ApiWriteMixin
from parta.core.files import attachment_response
from parta.diary import selectors
from parta.diary.services.week import (
    diary_access_denied,
    diary_acknowledge,
    homework_completion_set,
)
from parta.journal.classteacher import may_read_class_overview
from parta.journal.models import Assignment, AssignmentFile
from parta.journal.rules import school_today
from parta.people.models import SchoolClass, Student
from parta.people.rules import student_rows_q

WEEK_PARAMETER = OpenApiParameter(
    "week",
    OpenApiTypes.DATE,
    description="Any day of the week (YYYY-MM-DD); the current week of the school by default.",
)


# --- serializers (the shape of the answers, for the schema) --------------------------------
class DiaryFileSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class DiaryMarkSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    value = serializers.CharField()
    work_type = serializers.CharField()
    abbreviation = serializers.CharField()
    weight = serializers.DecimalField(max_digits=3, decimal_places=1)
    comment = serializers.CharField()
    is_duty = serializers.BooleanField()
    date = serializers.DateField()


class DiaryAssignmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    lesson = serializers.IntegerField(source="lesson_id")
    lesson_date = serializers.DateField()
    subject = serializers.CharField()
    work_type = serializers.CharField()
    abbreviation = serializers.CharField()
    weight = serializers.DecimalField(max_digits=3, decimal_places=1)
    is_homework = serializers.BooleanField()
    title = serializers.CharField()
    text = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()
    files = DiaryFileSerializer(many=True)
    marks = DiaryMarkSerializer(many=True)


class DiaryLessonSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    number = serializers.IntegerField()
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    subject = serializers.CharField()
    teacher = serializers.CharField()
    is_substitution = serializers.BooleanField()
    is_cancelled = serializers.BooleanField()
    room = serializers.CharField()
    topic = serializers.CharField()
    attendance = serializers.CharField(help_text="н, у, б, о; empty: present or not marked")
    mark_free = serializers.BooleanField(help_text="Taught without marks: no marks are given.")
    assignments = DiaryAssignmentSerializer(many=True)


class DiaryDaySerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    lessons = DiaryLessonSerializer(many=True)
    due = DiaryAssignmentSerializer(many=True, help_text="Homework of earlier lessons due today.")


class AcknowledgementSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField(source="student_id")
    week_start = serializers.DateField()
    guardian = serializers.IntegerField(source="guardian_id")
    guardian_name = serializers.CharField(source="guardian.short_name")
    acknowledged_at = serializers.DateTimeField()


class DiaryWeekSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    student_name = serializers.CharField()
    school = serializers.IntegerField()
    classes = serializers.ListField(child=serializers.CharField())
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    days = DiaryDaySerializer(many=True)
    acknowledgements = AcknowledgementSerializer(many=True)


class HomeworkDoneSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField()
    assignment = serializers.IntegerField()
    done = serializers.BooleanField()


class ClassAcknowledgementRowSerializer(serializers.Serializer[Any]):
    student = serializers.IntegerField(source="student.pk")
    student_name = serializers.CharField(source="student.person.short_name")
    acknowledgements = AcknowledgementSerializer(many=True)


class ClassAcknowledgementsSerializer(serializers.Serializer[Any]):
    school_class = serializers.IntegerField()
    week_start = serializers.DateField()
    students = ClassAcknowledgementRowSerializer(many=True)


class MyStudentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="person.full_name")
    short_name = serializers.CharField(source="person.short_name")
    school = serializers.IntegerField(source="school_id")
    school_name = serializers.CharField(source="school.short_name")
    relation = serializers.CharField(help_text="self or child")
    diary = serializers.CharField(help_text="The API path of the student's diary.")


# --- helpers ----------------------------------------------------------------------------------
def _week(request: Request, school: Any) -> datetime.date:
    raw = request.query_params.get("week")
    try:
        return selectors.parse_week(raw, school_today(school))
    except ValueError as error:
        raise exceptions.ValidationError(
            {"week": [_("Give the week as a date: YYYY-MM-DD.")]}
        ) from error


def diary_student(request: Request, actor: Any, pk: Any) -> Student:
    """The student `pk` if the user reads their diary; 404 otherwise, the same whether the
    student exists or not (the refusal of an existing student is audited, in the student's
    school). One query."""
    readable = Student.objects.filter(pk=OuterRef("pk")).filter(student_rows_q(request.user))
    student = (
        Student.objects.filter(pk=pk)
        .select_related("school", "person")
        .annotate(diary_readable=Exists(readable))
        .first()
    )
    if student is not None:
        if student.diary_readable:
            return student
        diary_access_denied(actor=actor, school=student.school, student_id=student.pk)
    raise exceptions.NotFound()


def week_data(week: selectors.DiaryWeek, acknowledgements: list[Any]) -> dict[str, Any]:
    student = week.student
    file_url = {
        file.id: reverse("api:student-diary-file", args=[student.pk, file.id])
        for day in week.days
        for item in [*[a for lesson in day.lessons for a in lesson.assignments], *day.due]
        for file in item.files
    }
    data = DiaryWeekSerializer(
        {
            "student": student.pk,
            "student_name": student.person.short_name,
            "school": student.school_id,
            "classes": week.class_names,
            "week_start": week.week_start,
            "week_end": week.week_end,
            "days": [
                {"date": day.date, "lessons": day.lessons, "due": day.due} for day in week.days
            ],
            "acknowledgements": [
                {
                    "student_id": ack.student_id,
                    "week_start": ack.week_start,
                    "guardian_id": ack.guardian_id,
                    "guardian": ack.guardian,
                    "acknowledged_at": ack.acknowledged_at,
                }
                for ack in acknowledgements
            ],
        }
    ).data
    for day in data["days"]:
        for item in [*[a for lesson in day["lessons"] for a in lesson["assignments"]], *day["due"]]:
            for file in item["files"]:
                file["url"] = file_url[file["id"]]
    return dict(data)


# --- views ------------------------------------------------------------------------------------
class StudentDiaryView(ApiWriteMixin):
    """`GET /api/v1/students/{id}/diary/?week=`."""

    @extend_schema(
        tags=["diary"], parameters=[WEEK_PARAMETER], responses={200: DiaryWeekSerializer}
    )
    def get(self, request: Request, pk: int) -> Response:
        """The student's week in one call: days (Monday–Saturday, Sunday when it has lessons)
        → lessons (the substitute as the teacher, cancelled ones flagged, the topic) → the work
        of each lesson with its files and the student's marks (none for a subject taught
        without marks), the attendance, the homework due each day, and the parents'
        confirmations of the week. Read by the student, their parents, the class teacher and
        those who read the whole school; 404 for anyone else."""
        student = diary_student(request, self.actor, pk)
        week_start = _week(request, student.school)
        week = selectors.diary_week(student=student, week_start=week_start)
        acknowledgements = selectors.week_acknowledgements(
            student=student, week_start=week.week_start
        )
        return Response(week_data(week, acknowledgements))


class HomeworkDoneView(ApiWriteMixin):
    """`PUT|DELETE /api/v1/students/{id}/homework/{assignment_id}/done/`."""

    def _set(self, request: Request, pk: int, assignment_id: int, done: bool) -> Response:
        student = diary_student(request, self.actor, pk)
        assignment = (
            Assignment.objects.filter(school_id=student.school_id, pk=assignment_id)
            .select_related("lesson")
            .first()
        )
        if assignment is None:
            raise exceptions.NotFound()
        try:
            homework_completion_set(
                actor=self.actor, student=student, assignment=assignment, done=done
            )
        except ValidationError as error:
            # the service decides; its code tells a refused reader from a foreign assignment
            if error.code == "not_student":
                raise exceptions.PermissionDenied(" ".join(error.messages)) from error
            raise exceptions.NotFound(" ".join(error.messages)) from error
        return Response(
            HomeworkDoneSerializer(
                {"student": student.pk, "assignment": assignment.pk, "done": done}
            ).data
        )

    @extend_schema(tags=["diary"], request=None, responses={200: HomeworkDoneSerializer})
    def put(self, request: Request, pk: int, assignment_id: int) -> Response:
        """Tick the homework as done (the student themself only; idempotent)."""
        return self._set(request, pk, assignment_id, True)

    @extend_schema(tags=["diary"], request=None, responses={200: HomeworkDoneSerializer})
    def delete(self, request: Request, pk: int, assignment_id: int) -> Response:
        """Untick the homework (the student themself only; idempotent)."""
        return self._set(request, pk, assignment_id, False)


class AcknowledgementView(ApiWriteMixin):
    """`POST /api/v1/students/{id}/diary/acknowledgement/?week=`."""

    @extend_schema(
        tags=["diary"],
        parameters=[WEEK_PARAMETER],
        request=None,
        responses={201: AcknowledgementSerializer, 200: AcknowledgementSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        """The parent confirms having read the student's week (only a parent of the student:
        403 for others who read the diary). Idempotent: 201 the first time, then 200 with the
        first confirmation."""
        student = diary_student(request, self.actor, pk)
        week_start = _week(request, student.school)
        existed = any(
            ack.guardian.user_id == request.user.pk
            for ack in selectors.week_acknowledgements(student=student, week_start=week_start)
        )
        try:
            row = diary_acknowledge(actor=self.actor, student=student, week_start=week_start)
        except ValidationError as error:
            raise exceptions.PermissionDenied(" ".join(error.messages)) from error
        created = not existed
        return Response(
            AcknowledgementSerializer(row).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ClassAcknowledgementsView(ApiView):
    """`GET /api/v1/classes/{id}/diary-acknowledgements/?week=`."""

    @extend_schema(
        tags=["diary"],
        parameters=[WEEK_PARAMETER],
        responses={200: ClassAcknowledgementsSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The class's students during the week and which parents confirmed it: the class
        teacher and the school administration (403 for others in the school)."""
        access = access_for(request.user)
        school_class = (
            SchoolClass.objects.filter(pk=pk, school_id__in=sorted(access.readable_school_ids))
            .select_related("school")
            .first()
        )
        if school_class is None:
            raise exceptions.NotFound()
        if not may_read_class_overview(request.user, school_class):
            raise exceptions.PermissionDenied()
        week_start = _week(request, school_class.school)
        rows = selectors.class_acknowledgements(school_class=school_class, week_start=week_start)
        return Response(
            ClassAcknowledgementsSerializer(
                {"school_class": school_class.pk, "week_start": week_start, "students": rows}
            ).data
        )


class MyStudentsView(ApiView):
    """`GET /api/v1/me/students/`."""

    pagination_class = DefaultPagination

    @extend_schema(tags=["diary"], responses={200: MyStudentSerializer(many=True)})
    def get(self, request: Request) -> Response:
        """The students whose diary the user reads as the student or a parent: themself and
        their children, in every school (for clients that switch between children).
        Paginated like every list; one query for the rows."""
        paginator = DefaultPagination()
        page = paginator.paginate_queryset(
            selectors.own_students_queryset(request.user), request, view=self
        )
        rows = [
            {
                "pk": student.pk,
                "person": student.person,
                "school_id": student.school_id,
                "school": student.school,
                "relation": "self" if student.person.user_id == request.user.pk else "child",
                "diary": reverse("api:student-diary", args=[student.pk]),
            }
            for student in page or []
        ]
        return paginator.get_paginated_response(MyStudentSerializer(rows, many=True).data)


class DiaryFileView(ApiWriteMixin):
    """`GET /api/v1/students/{id}/files/{file_id}/`."""

    @extend_schema(
        tags=["diary"],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file, as an attachment."
            )
        },
    )
    def get(self, request: Request, pk: int, file_id: int) -> HttpResponseBase:
        """A file of an assignment of the student's lessons, for those who read the diary."""
        student = diary_student(request, self.actor, pk)
        row = (
            AssignmentFile.objects.filter(school_id=student.school_id, pk=file_id)
            .select_related("assignment__lesson")
            .first()
        )
        if row is None or not selectors.assignment_in_diary(student, row.assignment):
            raise exceptions.NotFound()
        try:
            stream = row.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        return attachment_response(stream, name=row.name, content_type=row.content_type)
