"""Read endpoints of classes, groups, staff, students, parents and enrollment history.

Rows follow the `visible_to(user)` filters of `people.querysets`; personal fields follow
`people.api.scoping`. Each list costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.api.views import ApiView, ReadOnlyApiViewSet
from parta.core.validation import active_on
from parta.organizations.models import Organization
from parta.people import selectors
from parta.people.api import filters, scoping, serializers
from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    StudyGroupMembership,
)
from parta.people.services.guardians import parent_children


@extend_schema(tags=["classes and groups"])
class SchoolClassViewSet(ReadOnlyApiViewSet[SchoolClass]):
    """Classes of the schools the user belongs to (everybody in a school reads its class list),
    with the class teacher, home room, period set and the number of students today."""

    queryset = SchoolClass.objects.none()  # the model, for the schema
    serializer_class = serializers.SchoolClassSerializer
    filterset_class = filters.SchoolClassFilter

    def get_queryset(self) -> QuerySet[SchoolClass]:
        return (
            SchoolClass.objects.visible_to(self.request.user)
            .select_related(
                "academic_year",
                "class_teacher__person",
                "home_room",
                "period_set",
                "extra_holiday_set",
            )
            .annotate(
                student_count=Count("enrollments", filter=active_on("enrollments__"), distinct=True)
            )
            .order_by("school_id", "-academic_year__start_date", "grade", "letter", "pk")
        )


@extend_schema(tags=["classes and groups"])
class StudyGroupViewSet(ReadOnlyApiViewSet[StudyGroup]):
    """Study groups (subgroups of a class, groups across a grade). The detail lists the members
    the user may see as students."""

    queryset = StudyGroup.objects.none()  # the model, for the schema
    filterset_class = filters.StudyGroupFilter

    def get_serializer_class(self) -> type[BaseSerializer[StudyGroup]]:
        if self.action == "retrieve":
            return serializers.StudyGroupDetailSerializer
        return serializers.StudyGroupSerializer

    def get_queryset(self) -> QuerySet[StudyGroup]:
        qs = (
            StudyGroup.objects.visible_to(self.request.user)
            .select_related("academic_year", "school_class", "subject")
            .annotate(
                student_count=Count("memberships", filter=active_on("memberships__"), distinct=True)
            )
            .order_by("school_id", "-academic_year__start_date", "grade", "name", "pk")
        )
        if self.action == "retrieve":
            members = (
                StudyGroupMembership.objects.filter(
                    student__in=scoping.visible_students(self.request.user).values("pk")
                )
                .select_related("student__person")
                .order_by("student__person__last_name", "student__person__first_name", "pk")
            )
            qs = qs.prefetch_related(Prefetch("memberships", members, to_attr="api_members"))
        return qs


@extend_schema(tags=["people"])
class StaffMemberViewSet(ReadOnlyApiViewSet[StaffMember]):
    """Staff of the schools the user belongs to: names and positions for every reader, personal
    data for the administration and the HR officer."""

    queryset = StaffMember.objects.none()  # the model, for the schema
    serializer_class = serializers.StaffMemberSerializer
    filterset_class = filters.StaffMemberFilter

    def get_queryset(self) -> QuerySet[StaffMember]:
        user = self.request.user
        qs = (
            scoping.visible_staff(user)
            .select_related("person")
            .prefetch_related("positions")
            .order_by("school_id", "person__last_name", "person__first_name", "pk")
        )
        return scoping.with_staff_personal(qs, user)


def _current_enrollments() -> Prefetch[Any]:
    return Prefetch(
        "enrollments",
        Enrollment.objects.filter(active_on("")).select_related("school_class"),
        to_attr="api_current_enrollments",
    )


@extend_schema(tags=["people"])
class StudentViewSet(ReadOnlyApiViewSet[Student]):
    """Students the user may see: the whole school for its staff and municipal readers, the
    current class for its class teacher, a parent's own children, a student themself."""

    queryset = Student.objects.none()  # the model, for the schema
    serializer_class = serializers.StudentSerializer
    filterset_class = filters.StudentFilter

    def get_queryset(self) -> QuerySet[Student]:
        user = self.request.user
        qs = (
            scoping.visible_students(user)
            .select_related("person")
            .prefetch_related(_current_enrollments())
            .order_by("school_id", "person__last_name", "person__first_name", "pk")
        )
        return scoping.with_student_personal(qs, user)


@extend_schema(tags=["people"])
class GuardianshipViewSet(ReadOnlyApiViewSet[Guardianship]):
    """Parent–child links of the students the user may see, with the parent's name and relation;
    the parent's contacts for the administration and the class teacher."""

    queryset = Guardianship.objects.none()  # the model, for the schema
    serializer_class = serializers.GuardianshipSerializer
    filterset_class = filters.GuardianshipFilter

    def get_queryset(self) -> QuerySet[Guardianship]:
        user = self.request.user
        qs = (
            scoping.visible_guardianships(user)
            .select_related("guardian", "student__person")
            .order_by(
                "school_id",
                "student__person__last_name",
                "student__person__first_name",
                "student_id",
                "guardian__last_name",
                "pk",
            )
        )
        return scoping.with_guardian_contacts(qs, user)


@extend_schema(tags=["people"])
class EnrollmentViewSet(ReadOnlyApiViewSet[Enrollment]):
    """The enrollment history (one row per stay in a class) of the students the user may see."""

    queryset = Enrollment.objects.none()  # the model, for the schema
    serializer_class = serializers.EnrollmentSerializer
    filterset_class = filters.EnrollmentFilter

    def get_queryset(self) -> QuerySet[Enrollment]:
        students = scoping.visible_students(self.request.user).values("pk")
        return (
            Enrollment.objects.filter(student__in=students)
            .select_related("student__person", "school_class")
            .order_by(
                "school_id",
                "student__person__last_name",
                "student__person__first_name",
                "student_id",
                "start_date",
                "pk",
            )
        )


@extend_schema(tags=["me"])
class MeView(ApiView):
    """Who the user is: the login, the person, the roles per organization, the schools to
    switch between, the current school and, for a parent, the children in every school.

    Reachable while a password change is pending, so that a client can tell the user."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="me_retrieve", responses={200: serializers.MeSerializer})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = request.user
        assert isinstance(user, User)
        access = access_for(user)
        roles = [
            {
                "organization_id": row.organization_id,
                "organization_short_name": row.organization.short_name,
                "organization_kind": row.organization.kind,
                "role": row.role,
                "role_label": str(Role(row.role).label),
            }
            for row in RoleAssignment.objects.filter(user=user)
            .select_related("organization")
            .order_by("organization__short_name", "organization_id", "role")
        ]
        schools_qs = Organization.objects.schools().order_by("short_name", "pk")
        if not access.is_superuser:
            schools_qs = schools_qs.filter(pk__in=access.readable_school_ids)
        schools = [
            {"id": org.pk, "short_name": org.short_name, "read_only": access.is_tree_reader(org.pk)}
            for org in schools_qs.only("pk", "short_name")
        ]
        by_id = {school["id"]: school for school in schools}
        current = by_id.get(user.last_school_id) if user.last_school_id else None
        if current is None and len(schools) == 1:
            current = schools[0]
        children = parent_children(user)
        classes = selectors.current_classes(children)
        data = {
            "user": {
                "id": user.pk,
                "username": user.username,
                "must_change_password": user.must_change_password,
                "is_superuser": user.is_superuser,
            },
            "person": Person.objects.filter(user=user).first(),
            "roles": roles,
            "schools": schools,
            "current_school": current,
            "children": [
                {
                    "student_id": child.pk,
                    "full_name": child.person.full_name,
                    "school_id": child.school_id,
                    "school_short_name": child.school.short_name,
                    "current_class": classes.get(child.pk),
                }
                for child in children
            ],
        }
        return Response(serializers.MeSerializer(data).data)
