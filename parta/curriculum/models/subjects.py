from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.curriculum.querysets import SubjectQuerySet


class Subject(models.Model):
    """A subject. Rows without a school are the federal catalogue (ФГОС/ФОП list), shared by
    every school; a school adds its own rows (elective courses and the like)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subjects",
        verbose_name=_("organization"),
        help_text=_("Empty means a subject of the federal list."),
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("abbreviation"), max_length=40, blank=True)
    code = models.CharField(_("code"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = SubjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="subject_unique_name"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(school__isnull=True),
                name="subject_unique_federal_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_federal(self) -> bool:
        return self.school_id is None
