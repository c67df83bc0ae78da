"""Who an announcement or an event is for: a scope (the whole school, a grade, a class) and
the kinds of people in it (staff, students, parents)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parta.messaging.choices import AudienceScope


class AudienceFields(models.Model):
    scope = models.CharField(
        _("audience"), max_length=10, choices=AudienceScope.choices, default=AudienceScope.SCHOOL
    )
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    school_class = models.ForeignKey(
        "people.SchoolClass",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    for_staff = models.BooleanField(_("staff"), default=True)
    for_students = models.BooleanField(_("students"), default=True)
    for_parents = models.BooleanField(_("parents"), default=True)

    class Meta:
        abstract = True

    def clean_audience(self) -> None:
        if self.scope == AudienceScope.GRADE and not self.grade:
            raise ValidationError({"grade": gettext("Choose the grade.")})
        if self.scope == AudienceScope.CLASS and not self.school_class_id:
            raise ValidationError({"school_class": gettext("Choose the class.")})
        if not (self.for_staff or self.for_students or self.for_parents):
            raise ValidationError(
                gettext("Choose who the audience is: staff, students or parents.")
            )
