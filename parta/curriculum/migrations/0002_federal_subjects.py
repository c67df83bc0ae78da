"""Seeds the federal list of general-education subjects (ФОП НОО, ООО, СОО, 2023)."""

from django.db import migrations

FEDERAL_SUBJECTS = [
    ("Русский язык", "Рус. яз.", "rus"),
    ("Литературное чтение", "Лит. чтение", "lit_read"),
    ("Литература", "Литература", "lit"),
    ("Родной язык", "Родн. яз.", "native_lang"),
    ("Литературное чтение на родном языке", "Лит. чт. родн.", "native_lit_read"),
    ("Родная литература", "Родн. лит.", "native_lit"),
    ("Иностранный язык (английский)", "Англ. яз.", "eng"),
    ("Иностранный язык (немецкий)", "Нем. яз.", "deu"),
    ("Иностранный язык (французский)", "Франц. яз.", "fra"),
    ("Иностранный язык (китайский)", "Кит. яз.", "zho"),
    ("Второй иностранный язык", "2-й ин. яз.", "second_lang"),
    ("Математика", "Математика", "math"),
    ("Алгебра", "Алгебра", "algebra"),
    ("Геометрия", "Геометрия", "geometry"),
    ("Вероятность и статистика", "Вер. и стат.", "prob_stat"),
    ("Информатика", "Информатика", "informatics"),
    ("Окружающий мир", "Окр. мир", "world"),
    ("История", "История", "history"),
    ("Обществознание", "Общество", "social"),
    ("География", "География", "geography"),
    ("Физика", "Физика", "physics"),
    ("Химия", "Химия", "chemistry"),
    ("Биология", "Биология", "biology"),
    ("Основы религиозных культур и светской этики", "ОРКСЭ", "orkse"),
    ("Основы духовно-нравственной культуры народов России", "ОДНКНР", "odnknr"),
    ("Изобразительное искусство", "ИЗО", "art"),
    ("Музыка", "Музыка", "music"),
    ("Труд (технология)", "Труд", "labour"),
    ("Физическая культура", "Физ-ра", "pe"),
    ("Основы безопасности и защиты Родины", "ОБЗР", "obzr"),
    ("Индивидуальный проект", "Инд. проект", "project"),
]


def seed(apps, schema_editor):
    Subject = apps.get_model("curriculum", "Subject")
    for name, short_name, code in FEDERAL_SUBJECTS:
        Subject.objects.get_or_create(
            school=None, name=name, defaults={"short_name": short_name, "code": code}
        )


def unseed(apps, schema_editor):
    Subject = apps.get_model("curriculum", "Subject")
    Subject.objects.filter(school=None, code__in=[code for _, _, code in FEDERAL_SUBJECTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("curriculum", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
