from parta.people.models.classes import Enrollment, SchoolClass, StudyGroup, StudyGroupMembership
from parta.people.models.persons import Guardianship, Person, Position, StaffMember, Student

__all__ = [
    "Enrollment",
    "Guardianship",
    "Person",
    "Position",
    "SchoolClass",
    "StaffMember",
    "Student",
    "StudyGroup",
    "StudyGroupMembership",
]
