from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "m", _("мужской")
    FEMALE = "f", _("женский")


class Relation(models.TextChoices):
    MOTHER = "mother", _("мать")
    FATHER = "father", _("отец")
    GUARDIAN = "guardian", _("опекун")
    TRUSTEE = "trustee", _("попечитель")
    GRANDPARENT = "grandparent", _("бабушка / дедушка")
    OTHER = "other", _("другой законный представитель")


class StudyGroupKind(models.TextChoices):
    SUBGROUP = "subgroup", _("подгруппа класса")
    CROSS_CLASS = "cross_class", _("группа параллели")
