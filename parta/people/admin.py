from django.contrib import admin

from parta.people.models import (
    Enrollment,
    Guardianship,
    Person,
    Position,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("last_name", "first_name", "patronymic", "birth_date", "user")
    search_fields = ("last_name", "first_name", "snils")
    raw_id_fields = ("user",)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin[Position]):
    list_display = ("name", "is_teaching")


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin[StaffMember]):
    list_display = ("person", "school", "hire_date", "dismissal_date")
    raw_id_fields = ("person",)
    list_select_related = ("person", "school")


class EnrollmentInline(admin.TabularInline[Enrollment, Student]):
    model = Enrollment
    extra = 0
    raw_id_fields = ("school_class",)


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin[Student]):
    list_display = ("person", "school", "personal_file_number")
    search_fields = ("person__last_name", "personal_file_number")
    raw_id_fields = ("person",)
    list_select_related = ("person", "school")
    inlines = (EnrollmentInline,)


@admin.register(Guardianship)
class GuardianshipAdmin(admin.ModelAdmin[Guardianship]):
    list_display = ("guardian", "relation", "student", "school")
    raw_id_fields = ("guardian", "student")


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin[SchoolClass]):
    list_display = ("name", "academic_year", "school", "class_teacher")
    list_filter = ("grade",)
    raw_id_fields = ("class_teacher",)


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin[StudyGroup]):
    list_display = ("name", "kind", "grade", "school_class", "school")
