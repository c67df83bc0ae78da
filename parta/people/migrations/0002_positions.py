"""Seeds the catalogue of common school staff positions."""

from django.db import migrations

POSITIONS = [
    ("Директор", False),
    ("Заместитель директора по учебной работе", False),
    ("Заместитель директора по воспитательной работе", False),
    ("Учитель", True),
    ("Учитель начальных классов", True),
    ("Педагог-психолог", True),
    ("Социальный педагог", True),
    ("Учитель-логопед", True),
    ("Педагог-организатор", True),
    ("Педагог дополнительного образования", True),
    ("Советник директора по воспитанию", True),
    ("Педагог-библиотекарь", True),
    ("Секретарь", False),
    ("Специалист по кадрам", False),
    ("Лаборант", False),
]


def seed(apps, schema_editor):
    Position = apps.get_model("people", "Position")
    for name, is_teaching in POSITIONS:
        Position.objects.get_or_create(name=name, defaults={"is_teaching": is_teaching})


def unseed(apps, schema_editor):
    Position = apps.get_model("people", "Position")
    Position.objects.filter(name__in=[name for name, _ in POSITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
