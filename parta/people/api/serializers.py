"""Read serializers of people, classes and groups.

Personal fields sit in one nullable block per record (`personal`, or `contacts` on a
guardianship link): it is null when the reader may not see them (see `scoping`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parta.accounts.choices import Role
from parta.api.fields import EnumField
from parta.curriculum.models import Subject
from parta.organizations.choices import OrganizationKind
from parta.people.api.scoping import PERSONAL
from parta.people.choices import Relation, Sex, StudyGroupKind
from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    Position,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    StudyGroupMembership,
)


class GatedSerializer(serializers.ModelSerializer[Any]):
    """Blanks `gated_fields` (to null) unless the row carries a true `api_personal`
    annotation. A row without the annotation is blanked too: the gate fails closed."""

    gated_fields: ClassVar[tuple[str, ...]] = ()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)
        if not getattr(instance, PERSONAL, False):
            for name in self.gated_fields:
                data[name] = None
        return data


# --- small references used inside other objects ----------------------------------------------
class PersonNameSerializer(serializers.ModelSerializer[Person]):
    full_name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)

    class Meta:
        model = Person
        fields = ["last_name", "first_name", "patronymic", "full_name", "short_name"]
        read_only_fields = fields


class PersonalDataSerializer(serializers.ModelSerializer[Person]):
    """Personal data of a person (152-ФЗ)."""

    sex = EnumField(Sex, allow_blank=True)

    class Meta:
        model = Person
        fields = ["birth_date", "sex", "snils", "phone", "email", "address"]
        read_only_fields = fields


class ContactsSerializer(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = ["phone", "email", "address"]
        read_only_fields = fields


class ClassRefSerializer(serializers.ModelSerializer[SchoolClass]):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = SchoolClass
        fields = ["id", "name", "grade", "letter", "academic_year"]
        read_only_fields = fields


class StudentRefSerializer(serializers.ModelSerializer[Student]):
    full_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Student
        fields = ["id", "full_name"]
        read_only_fields = fields


class StaffRefSerializer(serializers.ModelSerializer[StaffMember]):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    short_name = serializers.CharField(source="person.short_name", read_only=True)

    class Meta:
        model = StaffMember
        fields = ["id", "full_name", "short_name"]
        read_only_fields = fields


class NamedRefSerializer(serializers.Serializer[Any]):
    """A related row given by id and name (an academic year, a period set, a subject …)."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class RoomRefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PositionSerializer(serializers.ModelSerializer[Position]):
    class Meta:
        model = Position
        fields = ["id", "name", "is_teaching"]
        read_only_fields = fields


# --- classes and groups ------------------------------------------------------------------------
class SchoolClassSerializer(serializers.ModelSerializer[SchoolClass]):
    name = serializers.CharField(read_only=True)
    academic_year = NamedRefSerializer(read_only=True)
    class_teacher = StaffRefSerializer(read_only=True, allow_null=True)
    home_room = RoomRefSerializer(read_only=True, allow_null=True)
    period_set = NamedRefSerializer(read_only=True)
    extra_holiday_set = NamedRefSerializer(read_only=True, allow_null=True)
    student_count = serializers.IntegerField(
        read_only=True, help_text="Students enrolled in the class today."
    )

    class Meta:
        model = SchoolClass
        fields = [
            "id",
            "school",
            "academic_year",
            "grade",
            "letter",
            "name",
            "profile",
            "class_teacher",
            "home_room",
            "period_set",
            "extra_holiday_set",
            "student_count",
        ]
        read_only_fields = fields


class SubjectRefSerializer(serializers.ModelSerializer[Subject]):
    class Meta:
        model = Subject
        fields = ["id", "name", "short_name"]
        read_only_fields = fields


class StudyGroupSerializer(serializers.ModelSerializer[StudyGroup]):
    kind = EnumField(StudyGroupKind)
    academic_year = NamedRefSerializer(read_only=True)
    school_class = ClassRefSerializer(read_only=True, allow_null=True)
    subject = SubjectRefSerializer(read_only=True, allow_null=True)
    student_count = serializers.IntegerField(
        read_only=True, help_text="Members of the group today."
    )

    class Meta:
        model = StudyGroup
        fields = [
            "id",
            "school",
            "academic_year",
            "kind",
            "name",
            "school_class",
            "grade",
            "subject",
            "student_count",
        ]
        read_only_fields = fields


class GroupMemberSerializer(serializers.ModelSerializer[StudyGroupMembership]):
    student = StudentRefSerializer(read_only=True)

    class Meta:
        model = StudyGroupMembership
        fields = ["student", "start_date", "end_date"]
        read_only_fields = fields


class StudyGroupDetailSerializer(StudyGroupSerializer):
    members = GroupMemberSerializer(
        source="api_members",
        many=True,
        read_only=True,
        help_text="Membership rows (with dates) of the students the reader may see.",
    )

    class Meta(StudyGroupSerializer.Meta):
        fields = [*StudyGroupSerializer.Meta.fields, "members"]
        read_only_fields = fields


# --- staff, students, parents --------------------------------------------------------------------
class StaffMemberSerializer(GatedSerializer):
    """A staff member: name and positions for every reader of the school; `personal` only for
    the administration, the HR officer and the person themself."""

    gated_fields = ("personal",)

    person = PersonNameSerializer(read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    is_active = serializers.BooleanField(read_only=True)
    personal = PersonalDataSerializer(
        source="person",
        read_only=True,
        allow_null=True,
        help_text="Personal data: for the school administration, the HR officer and the "
        "person themself; null for other readers.",
    )

    class Meta:
        model = StaffMember
        fields = [
            "id",
            "school",
            "person",
            "positions",
            "hire_date",
            "dismissal_date",
            "is_active",
            "personal",
        ]
        read_only_fields = fields


class StudentPersonalSerializer(serializers.ModelSerializer[Student]):
    """Personal data and the personal file of a student."""

    birth_date = serializers.DateField(source="person.birth_date", read_only=True, allow_null=True)
    sex = EnumField(Sex, source="person.sex", allow_blank=True)
    snils = serializers.CharField(source="person.snils", read_only=True)
    phone = serializers.CharField(source="person.phone", read_only=True)
    email = serializers.CharField(source="person.email", read_only=True)
    address = serializers.CharField(source="person.address", read_only=True)

    class Meta:
        model = Student
        fields = [
            "birth_date",
            "sex",
            "snils",
            "phone",
            "email",
            "address",
            "personal_file_number",
            "admission_date",
            "withdrawal_date",
        ]
        read_only_fields = fields


class StudentSerializer(GatedSerializer):
    """A student: name and current class; `personal` only for the administration, the class
    teacher, the student's parents and the student."""

    gated_fields = ("personal",)

    person = PersonNameSerializer(read_only=True)
    current_class = serializers.SerializerMethodField(
        help_text="The class the student is enrolled in today."
    )
    personal = StudentPersonalSerializer(
        source="*",
        read_only=True,
        allow_null=True,
        help_text="For the school administration, the class teacher, the student's parents "
        "and the student; null for other readers.",
    )

    class Meta:
        model = Student
        fields = ["id", "school", "person", "current_class", "personal"]
        read_only_fields = fields

    @extend_schema_field(ClassRefSerializer(allow_null=True))
    def get_current_class(self, obj: Student) -> dict[str, Any] | None:
        rows = getattr(obj, "api_current_enrollments", [])
        return ClassRefSerializer(rows[0].school_class).data if rows else None


class GuardianshipSerializer(GatedSerializer):
    """A parent (legal representative) of a student; `contacts` only for the administration,
    the class teacher and the parent themself."""

    gated_fields = ("contacts",)

    student = StudentRefSerializer(read_only=True)
    guardian = PersonNameSerializer(read_only=True)
    relation = EnumField(Relation)
    contacts = ContactsSerializer(
        source="guardian",
        read_only=True,
        allow_null=True,
        help_text="The parent's contacts: for the school administration, the class teacher "
        "and the parent themself; null for other readers.",
    )

    class Meta:
        model = Guardianship
        fields = [
            "id",
            "school",
            "student",
            "guardian",
            "relation",
            "is_legal_representative",
            "contacts",
        ]
        read_only_fields = fields


class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
    student = StudentRefSerializer(read_only=True)
    school_class = ClassRefSerializer(read_only=True)

    class Meta:
        model = Enrollment
        fields = ["id", "school", "student", "school_class", "start_date", "end_date", "reason"]
        read_only_fields = fields


# --- /me/ ----------------------------------------------------------------------------------------
class MeUserSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    username = serializers.CharField()
    must_change_password = serializers.BooleanField()
    is_superuser = serializers.BooleanField(help_text="A system administrator of the deployment.")


class MePersonSerializer(serializers.ModelSerializer[Person]):
    """The user's own person: names and personal data."""

    full_name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    sex = EnumField(Sex, allow_blank=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "last_name",
            "first_name",
            "patronymic",
            "full_name",
            "short_name",
            "birth_date",
            "sex",
            "snils",
            "phone",
            "email",
            "address",
        ]
        read_only_fields = fields


class MeRoleSerializer(serializers.Serializer[Any]):
    organization_id = serializers.IntegerField()
    organization_short_name = serializers.CharField()
    organization_kind = EnumField(OrganizationKind)
    role = EnumField(Role)
    role_label = serializers.CharField()


class MeSchoolSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    short_name = serializers.CharField()
    read_only = serializers.BooleanField(  # type: ignore[assignment]  # a field named like Field.read_only
        help_text="true: reached only through a municipality (a municipal specialist reads "
        "the school and writes nothing in it)."
    )


class MeChildSerializer(serializers.Serializer[Any]):
    student_id = serializers.IntegerField()
    full_name = serializers.CharField()
    school_id = serializers.IntegerField()
    school_short_name = serializers.CharField()
    current_class = ClassRefSerializer(allow_null=True, help_text="The class today.")


class MeSerializer(serializers.Serializer[Any]):
    user = MeUserSerializer()
    person = MePersonSerializer(allow_null=True)
    roles = MeRoleSerializer(many=True)
    schools = MeSchoolSerializer(many=True, help_text="Schools the user can switch to.")
    current_school = MeSchoolSerializer(
        allow_null=True,
        help_text="The school last chosen if still reachable, else the only reachable one.",
    )
    children = MeChildSerializer(many=True, help_text="A parent's children, in every school.")
