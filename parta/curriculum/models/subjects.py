from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
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

    def clean(self) -> None:
        """A school's own subject may not repeat a federal subject or another subject of the
        school (compared without regard to case and extra spaces)."""
        self.name = " ".join((self.name or "").split())
        if not self.name or self.school_id is None:
            return
        key = self.name.casefold()
        others = (
            Subject.objects.filter(Q(school__isnull=True) | Q(school_id=self.school_id))
            .exclude(pk=self.pk)
            .values_list("name", "school_id")
        )
        for name, school_id in others:
            if " ".join(name.split()).casefold() != key:
                continue
            if school_id is None:
                message = gettext(
                    "“%(name)s” is already in the federal list of subjects: use that subject "
                    "instead of creating a copy."
                )
            else:
                message = gettext("The school already has a subject named “%(name)s”.")
            raise ValidationError({"name": message % {"name": name}})
