from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.accounts.choices import Role
from parta.accounts.querysets import RoleAssignmentQuerySet


class RoleAssignment(models.Model):
    """A role held by a user in an organization (a school, a municipality or a region).

    Class teacher is not a role: the class names its class teacher.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("assigned"), auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="role_assignment_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "role"], name="role_org_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organization})"
