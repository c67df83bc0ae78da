"""Writing the journal through the API: marks, attendance, assignments and lesson topics
(single and bulk), through the same services as the journal page, so the API refuses the same
values, dates and stale saves with the same messages. Read: those who read the lesson's
journal; write: those who may change the lesson's journal today (403 otherwise). A stale save
answers 409 with the current mark or attendance."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from parta.accounts.access import access_for
from parta.api.filters import IdFilter, SchoolFilterSet
from parta.api.views import ApiWriteMixin
from parta.journal import services
from parta.journal.api import serializers
from parta.journal.api.access import found, require_write
from parta.journal.models import Assignment, AttendanceMark, Mark, WorkType
from parta.journal.services import StaleEdit
from parta.people.models import Student
from parta.timetable.models import Lesson


class MarkFilter(SchoolFilterSet):
    lesson = IdFilter(field_name="assignment__lesson_id")
    assignment = IdFilter(field_name="assignment_id")
    student = IdFilter(field_name="student_id")

    class Meta:
        model = Mark
        fields = ["school", "lesson", "assignment", "student"]


class LessonRowFilter(SchoolFilterSet):
    lesson = IdFilter(field_name="lesson_id")
    student = IdFilter(field_name="student_id")

    class Meta:
        model = AttendanceMark
        fields = ["school", "lesson", "student"]


class AssignmentFilter(SchoolFilterSet):
    lesson = IdFilter(field_name="lesson_id")

    class Meta:
        model = Assignment
        fields = ["school", "lesson"]


def stale_answer(error: StaleEdit, serializer_class: Any) -> Response:
    current = error.current
    return Response(
        {
            "message": error.messages[0],
            "extra": {
                "code": "stale",
                "current": serializer_class(current).data if current is not None else None,
            },
        },
        status=status.HTTP_409_CONFLICT,
    )


class JournalWrites(ApiWriteMixin):
    def valid(self, serializer_class: Any, data: Any = None) -> dict[str, Any]:
        request = self._request()
        serializer = serializer_class(data=request.data if data is None else data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def lesson(self, pk: Any) -> Lesson:
        return found(Lesson.objects.select_related("school"), pk, self._request().user)

    def writable_lesson(self, lesson: Lesson) -> Lesson:
        require_write(self._request().user, lesson)
        return lesson

    def student(self, pk: Any, lesson: Lesson) -> Student:
        student = Student.objects.filter(pk=pk, school_id=lesson.school_id).first()
        if student is None:
            raise exceptions.NotFound()
        return student

    def assignment(self, pk: Any) -> Assignment:
        return found(
            Assignment.objects.select_related("lesson__school", "work_type"),
            pk,
            self._request().user,
        )


MARK_STALE = {409: serializers.StaleSerializer}


@extend_schema(tags=["journal"])
class MarkViewSet(
    JournalWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Mark],
):
    """Marks. Read: those who read the lesson's journal. Create, change, delete: the lesson's
    teacher or substitute within the edit window, the director and the deputy director."""

    queryset = Mark.objects.none()  # the model, for the schema
    serializer_class = serializers.MarkSerializer
    filterset_class = MarkFilter

    def get_queryset(self) -> QuerySet[Mark]:
        return (
            Mark.objects.visible_to(self.request.user)
            .select_related("assignment")
            .order_by("school_id", "assignment_id", "student_id")
        )

    def _save(self, data: dict[str, Any], assignment: Assignment, student: Student) -> Mark:
        return services.mark_set(
            actor=self.actor,
            assignment=assignment,
            student=student,
            value=data.get("value", ""),
            comment=data.get("comment", ""),
            is_duty=data.get("is_duty", False),
            expected_version=data.get("expected_version"),
        )

    @extend_schema(
        request=serializers.MarkInputSerializer,
        responses={200: serializers.MarkSerializer, **MARK_STALE},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set a student's mark for an assignment (a new one, or a change when
        `expected_version` names the stored one)."""
        data = self.valid(serializers.MarkInputSerializer)
        assignment = self.assignment(data["assignment"])
        self.writable_lesson(assignment.lesson)
        student = self.student(data["student"], assignment.lesson)
        try:
            mark = self._save(data, assignment, student)
        except StaleEdit as error:
            return stale_answer(error, serializers.MarkSerializer)
        return Response(serializers.MarkSerializer(mark).data)

    @extend_schema(
        request=serializers.MarkChangeSerializer,
        responses={200: serializers.MarkSerializer, **MARK_STALE},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the mark (`expected_version`: the version the client last saw)."""
        mark = self.get_object()
        data = self.valid(serializers.MarkChangeSerializer)
        assignment = self.assignment(mark.assignment_id)
        self.writable_lesson(assignment.lesson)
        try:
            saved = self._save(data, assignment, mark.student)
        except StaleEdit as error:
            return stale_answer(error, serializers.MarkSerializer)
        return Response(serializers.MarkSerializer(saved).data)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "expected_version",
                int,
                required=True,
                description="The version the client last saw.",
            )
        ],
        request=None,
        responses={204: None, **MARK_STALE},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Delete the mark (`expected_version`, the version the client last saw, in the body or
        as `?expected_version=`)."""
        mark = self.get_object()
        source = request.data if "expected_version" in request.data else request.query_params
        data = self.valid(serializers.VersionSerializer, source)
        self.writable_lesson(self.lesson(mark.assignment.lesson_id))
        try:
            services.mark_delete(
                actor=self.actor, mark=mark, expected_version=data["expected_version"]
            )
        except StaleEdit as error:
            return stale_answer(error, serializers.MarkSerializer)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=serializers.MarkBulkSerializer,
        responses={200: serializers.MarkSerializer(many=True), **MARK_STALE},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Set (or with `"delete": true` remove) up to 300 marks at once: every item is checked
        first, then all are saved, or none; the refusal (400) names each failing item by its
        number, a stale one included. Answers the saved marks (removed ones left out)."""
        data = self.valid(serializers.MarkBulkSerializer)
        user = request.user
        schools = sorted(access_for(user).readable_school_ids)
        items = data["items"]
        assignments = {
            a.pk: a
            for a in Assignment.objects.filter(
                pk__in={item["assignment"] for item in items}, school_id__in=schools
            ).select_related("lesson__school", "work_type")
        }
        students = {
            s.pk: s
            for s in Student.objects.filter(
                pk__in={item["student"] for item in items}, school_id__in=schools
            )
        }
        lessons = {a.lesson_id: a.lesson for a in assignments.values()}
        for item in items:
            assignment = assignments.get(item["assignment"])
            student = students.get(item["student"])
            if assignment is None or student is None or student.school_id != assignment.school_id:
                raise exceptions.NotFound()
        for lesson in lessons.values():
            require_write(user, lesson)
        try:
            marks = services.marks_bulk(
                actor=self.actor,
                items=[
                    {
                        "assignment": assignments[item["assignment"]],
                        "student": students[item["student"]],
                        "value": item.get("value", ""),
                        "comment": item.get("comment", ""),
                        "is_duty": item.get("is_duty", False),
                        "expected_version": item.get("expected_version"),
                        "delete": item.get("delete", False),
                    }
                    for item in items
                ],
            )
        except StaleEdit as error:
            return stale_answer(error, serializers.MarkSerializer)
        saved = [mark for mark in marks if mark is not None]
        return Response(serializers.MarkSerializer(saved, many=True).data)


ATTENDANCE_STALE = {409: serializers.StaleSerializer}


@extend_schema(tags=["journal"])
class AttendanceViewSet(
    JournalWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[AttendanceMark],
):
    """Attendance marks (no row: present). Read: those who read the lesson's journal. Set and
    clear: the lesson's teacher or substitute within the edit window, the director and the
    deputy director."""

    queryset = AttendanceMark.objects.none()  # the model, for the schema
    serializer_class = serializers.AttendanceMarkSerializer
    filterset_class = LessonRowFilter

    def get_queryset(self) -> QuerySet[AttendanceMark]:
        return AttendanceMark.objects.visible_to(self.request.user).order_by(
            "school_id", "lesson_id", "student_id"
        )

    def _set(self, item: dict[str, Any], lesson: Lesson, student: Student) -> Any:
        return services.attendance_set(
            actor=self.actor,
            lesson=lesson,
            student=student,
            code=item.get("code") or None,
            expected_version=item.get("expected_version"),
        )

    @extend_schema(
        request=serializers.AttendanceInputSerializer,
        responses={200: serializers.AttendanceResultSerializer, **ATTENDANCE_STALE},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Set (a code) or clear (null) a student's attendance at a lesson."""
        data = self.valid(serializers.AttendanceInputSerializer)
        lesson = self.writable_lesson(self.lesson(data["lesson"]))
        student = self.student(data["student"], lesson)
        try:
            saved = self._set(data, lesson, student)
        except StaleEdit as error:
            return stale_answer(error, serializers.AttendanceMarkSerializer)
        return Response(
            serializers.AttendanceResultSerializer(
                {"lesson": lesson.pk, "student": student.pk, "attendance": saved}
            ).data
        )

    @extend_schema(
        request=serializers.AttendanceBulkSerializer,
        responses={200: serializers.AttendanceResultSerializer(many=True), **ATTENDANCE_STALE},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        """Set or clear up to 300 attendance marks at once, all or none."""
        data = self.valid(serializers.AttendanceBulkSerializer)
        user = request.user
        schools = sorted(access_for(user).readable_school_ids)
        items = data["items"]
        lessons = {
            lesson.pk: lesson
            for lesson in Lesson.objects.filter(
                pk__in={item["lesson"] for item in items}, school_id__in=schools
            ).select_related("school")
        }
        students = {
            s.pk: s
            for s in Student.objects.filter(
                pk__in={item["student"] for item in items}, school_id__in=schools
            )
        }
        for item in items:
            lesson, student = lessons.get(item["lesson"]), students.get(item["student"])
            if lesson is None or student is None or student.school_id != lesson.school_id:
                raise exceptions.NotFound()
        for lesson in lessons.values():
            require_write(user, lesson)
        results = []
        try:
            with transaction.atomic():
                for item in items:
                    lesson, student = lessons[item["lesson"]], students[item["student"]]
                    saved = self._set(item, lesson, student)
                    results.append(
                        {"lesson": lesson.pk, "student": student.pk, "attendance": saved}
                    )
        except StaleEdit as error:
            return stale_answer(error, serializers.AttendanceMarkSerializer)
        return Response(serializers.AttendanceResultSerializer(results, many=True).data)


@extend_schema(tags=["journal"])
class AssignmentViewSet(
    JournalWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Assignment],
):
    """Work in lessons (homework among it). Read: those who read the lesson's journal. Create,
    change, delete (only without marks): those who may change the lesson's journal."""

    queryset = Assignment.objects.none()  # the model, for the schema
    serializer_class = serializers.AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self) -> QuerySet[Assignment]:
        return Assignment.objects.visible_to(self.request.user).order_by(
            "school_id", "lesson_id", "position", "pk"
        )

    def _work_type(self, pk: Any, lesson: Lesson) -> WorkType:
        work_type = WorkType.objects.filter(pk=pk, school_id=lesson.school_id).first()
        if work_type is None:
            raise exceptions.ValidationError({"work_type": [exceptions.NotFound.default_detail]})
        return work_type

    @extend_schema(
        request=serializers.AssignmentCreateSerializer,
        responses={201: serializers.AssignmentSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.valid(serializers.AssignmentCreateSerializer)
        lesson = self.writable_lesson(self.lesson(data["lesson"]))
        assignment = services.assignment_create(
            actor=self.actor,
            lesson=lesson,
            work_type=self._work_type(data["work_type"], lesson),
            title=data.get("title", ""),
            text=data.get("text", ""),
            due_date=data.get("due_date"),
        )
        return Response(
            serializers.AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED
        )

    def _change(self, request: Request, partial: bool) -> Response:
        assignment = self.get_object()
        data = self.valid(serializers.AssignmentChangeSerializer)
        lesson = self.writable_lesson(self.lesson(assignment.lesson_id))
        if "work_type" in data:
            data["work_type"] = self._work_type(data["work_type"], lesson)
        saved = services.assignment_update(actor=self.actor, assignment=assignment, data=data)
        return Response(serializers.AssignmentSerializer(saved).data)

    @extend_schema(
        request=serializers.AssignmentChangeSerializer, responses=serializers.AssignmentSerializer
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(request, partial=False)

    @extend_schema(
        request=serializers.AssignmentChangeSerializer, responses=serializers.AssignmentSerializer
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._change(request, partial=True)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        assignment = self.get_object()
        self.writable_lesson(self.lesson(assignment.lesson_id))
        services.assignment_delete(actor=self.actor, assignment=assignment)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["journal"])
class JournalLessonViewSet(JournalWrites, viewsets.GenericViewSet[Lesson]):
    """The lesson record of the journal: its topic and the teacher's note."""

    queryset = Lesson.objects.none()  # the model, for the schema

    @extend_schema(request=serializers.TopicSerializer, responses=serializers.TopicSerializer)
    @action(detail=True, methods=["put"])
    def topic(self, request: Request, pk: str | None = None) -> Response:
        """Set the lesson's topic."""
        lesson = self.lesson(pk)
        self.writable_lesson(lesson)
        data = self.valid(serializers.TopicSerializer)
        saved = services.lesson_topic_set(actor=self.actor, lesson=lesson, topic=data["topic"])
        return Response({"topic": saved.topic})

    @extend_schema(
        request=serializers.LessonNoteSerializer, responses=serializers.LessonNoteSerializer
    )
    @action(detail=True, methods=["put"])
    def note(self, request: Request, pk: str | None = None) -> Response:
        """Set the teacher's note on the lesson (journal only, not in the diary)."""
        lesson = self.lesson(pk)
        self.writable_lesson(lesson)
        data = self.valid(serializers.LessonNoteSerializer)
        saved = services.lesson_note_set(actor=self.actor, lesson=lesson, note=data["note"])
        return Response({"note": saved.note})
