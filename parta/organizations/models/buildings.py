from django.db import models
from django.utils.translation import gettext_lazy as _

from parta.core.validation import require_same_school
from parta.organizations.querysets import SchoolOwnedQuerySet


class Building(models.Model):
    """A building of a school (a school may have several sites)."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="buildings",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=500, blank=True)

    objects = SchoolOwnedQuerySet["Building"].as_manager()

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="building_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A room (кабинет): number, name, capacity, building."""

    school = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.CASCADE,
        related_name="rooms",
        verbose_name=_("organization"),
    )
    building = models.ForeignKey(
        Building,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rooms",
        verbose_name=_("building"),
    )
    number = models.CharField(_("number"), max_length=20)
    name = models.CharField(_("name"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)

    objects = SchoolOwnedQuerySet["Room"].as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "building", "number"],
                condition=models.Q(building__isnull=False),
                name="room_unique_number",
                violation_error_message=_(
                    "A room with this number already exists in this building."
                ),
            ),
            models.UniqueConstraint(
                fields=["school", "number"],
                condition=models.Q(building__isnull=True),
                name="room_unique_number_no_building",
                violation_error_message=_("A room with this number already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    def clean(self) -> None:
        require_same_school(self, "building")
