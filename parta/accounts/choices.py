from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("system administrator")
    DIRECTOR = "director", _("director")
    DEPUTY_DIRECTOR = "deputy_director", _("deputy director")
    SECRETARY = "secretary", _("secretary / operator")
    HR_OFFICER = "hr_officer", _("HR officer")
    TEACHER = "teacher", _("teacher")
    STUDENT = "student", _("student")
    PARENT = "parent", _("parent")
    MUNICIPAL_SPECIALIST = "municipal_specialist", _("municipal specialist")


#: Roles that administer a school's structure and registries.
SCHOOL_ADMIN_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.SECRETARY}
)
#: Roles that manage the staff registry (and nothing else of the structure, for HR).
STAFF_ADMIN_ROLES = SCHOOL_ADMIN_ROLES | {Role.HR_OFFICER}
#: Roles held by school employees: they read the whole school's registries.
SCHOOL_STAFF_ROLES = SCHOOL_ADMIN_ROLES | {Role.HR_OFFICER}
