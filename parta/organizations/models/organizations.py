from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.validators import validate_inn, validate_ogrn
from parta.organizations.choices import RUSSIAN_TIME_ZONES, OrganizationKind, SchoolType
from parta.organizations.querysets import OrganizationQuerySet

#: Which kind of organization may stand above which.
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    OrganizationKind.REGION: {None},
    OrganizationKind.MUNICIPALITY: {OrganizationKind.REGION, None},
    OrganizationKind.SCHOOL: {OrganizationKind.MUNICIPALITY, OrganizationKind.REGION, None},
    OrganizationKind.COLLEGE: {OrganizationKind.MUNICIPALITY, OrganizationKind.REGION, None},
}


class Organization(models.Model):
    """A node of the tree region → municipality (education department) → school or college,
    with the card of the organization."""

    SCHOOL_KINDS = frozenset({OrganizationKind.SCHOOL, OrganizationKind.COLLEGE})

    kind = models.CharField(_("вид"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("вышестоящая организация"),
    )
    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=150)
    school_type = models.CharField(
        _("тип организации"), max_length=20, choices=SchoolType.choices, blank=True
    )
    timezone = models.CharField(
        _("часовой пояс"), max_length=40, choices=RUSSIAN_TIME_ZONES, default="Europe/Moscow"
    )
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    director_name = models.CharField(_("руководитель"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    inn = models.CharField(_("ИНН"), max_length=12, blank=True, validators=[validate_inn])
    kpp = models.CharField(_("КПП"), max_length=9, blank=True)
    ogrn = models.CharField(_("ОГРН"), max_length=15, blank=True, validators=[validate_ogrn])
    licence_number = models.CharField(_("номер лицензии"), max_length=100, blank=True)
    licence_date = models.DateField(_("дата лицензии"), null=True, blank=True)
    accreditation_number = models.CharField(
        _("номер свидетельства об аккредитации"), max_length=100, blank=True
    )
    accreditation_date = models.DateField(_("дата аккредитации"), null=True, blank=True)
    accreditation_valid_until = models.DateField(
        _("аккредитация действует до"), null=True, blank=True
    )
    is_active = models.BooleanField(_("действует"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("организация")
        verbose_name_plural = _("организации")
        ordering = ["short_name"]
        indexes = [models.Index(fields=["kind", "parent"], name="org_kind_parent")]

    def __str__(self) -> str:
        return self.short_name

    @property
    def is_school(self) -> bool:
        return self.kind in self.SCHOOL_KINDS

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent_id and self.parent else None
        if parent_kind not in ALLOWED_PARENTS.get(self.kind, set()):
            raise ValidationError(
                {"parent": _("Организация этого вида не может входить в выбранную организацию.")}
            )
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Организация не может входить сама в себя.")})
