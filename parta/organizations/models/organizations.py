from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.validators import validate_inn, validate_kpp, validate_ogrn
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

    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent organization"),
    )
    full_name = models.CharField(_("full name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=150)
    school_type = models.CharField(
        _("organization type"), max_length=20, choices=SchoolType.choices, blank=True
    )
    timezone = models.CharField(
        _("time zone"), max_length=40, choices=RUSSIAN_TIME_ZONES, default="Europe/Moscow"
    )
    address = models.CharField(_("address"), max_length=500, blank=True)
    director_name = models.CharField(_("head"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    inn = models.CharField(_("INN"), max_length=12, blank=True, validators=[validate_inn])
    kpp = models.CharField(_("KPP"), max_length=9, blank=True, validators=[validate_kpp])
    ogrn = models.CharField(_("OGRN"), max_length=15, blank=True, validators=[validate_ogrn])
    licence_number = models.CharField(_("licence number"), max_length=100, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    accreditation_number = models.CharField(
        _("accreditation certificate number"), max_length=100, blank=True
    )
    accreditation_date = models.DateField(_("accreditation date"), null=True, blank=True)
    accreditation_valid_until = models.DateField(
        _("accreditation valid until"), null=True, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
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
                {
                    "parent": _(
                        "An organization of this kind cannot belong to the selected organization."
                    )
                }
            )
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organization cannot be its own parent.")})
