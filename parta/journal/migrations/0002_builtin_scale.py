from django.db import migrations


def create_scale(apps, schema_editor):  # type: ignore[no-untyped-def]
    from parta.journal.scales import FIVE_POINT_NAME, FIVE_POINT_VALUES

    MarkScale = apps.get_model("journal", "MarkScale")
    MarkScale.objects.get_or_create(
        school=None, name=FIVE_POINT_NAME, defaults={"values": FIVE_POINT_VALUES, "pass_mark": 3}
    )


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]

    operations = [migrations.RunPython(create_scale, migrations.RunPython.noop)]
