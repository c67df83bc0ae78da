from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "m", _("male")
    FEMALE = "f", _("female")


class Relation(models.TextChoices):
    MOTHER = "mother", _("mother")
    FATHER = "father", _("father")
    GUARDIAN = "guardian", _("guardian")
    TRUSTEE = "trustee", _("trustee")
    GRANDPARENT = "grandparent", _("grandparent")
    OTHER = "other", _("other legal representative")


class StudyGroupKind(models.TextChoices):
    SUBGROUP = "subgroup", _("subgroup of a class")
    CROSS_CLASS = "cross_class", _("group across a grade")
