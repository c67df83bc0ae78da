import datetime
import time
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.thematic.exporting import export_plan, template_file
from parta.thematic.models import PlanTopic
from parta.thematic.parsing import parse_xlsx
from parta.thematic.services import (
    APPEND,
    TopicData,
    import_preview,
    plan_import,
    plan_import_rows,
)
from parta.thematic.tests.conftest import Ktp, lessons, topics, xlsx


def _good(ktp: Ktp) -> bytes:
    return xlsx(
        [
            [1, "Числа", "Натуральные числа", 2, ktp.year.start_date, "§1", "ЦОК"],
            [2, "Числа", "Сложение", 1, None, "", ""],
        ],
        meta=[["Предмет", ktp.subject.name], ["Класс", ktp.school_class.name]],
    )


def _topics(ktp: Ktp) -> list[tuple[str, str, Decimal, datetime.date | None, str, str]]:
    return list(
        PlanTopic.objects.filter(plan=ktp.plan)
        .order_by("position")
        .values_list("section", "title", "hours", "planned_date", "homework", "materials")
    )


def test_importing_a_good_file_replaces_the_topics_and_binds(ktp: Ktp) -> None:
    # given a plan with an old topic and three lessons
    topics(ktp.plan, [1])
    made = lessons(ktp.plan, 3)
    # when a good file is previewed and confirmed
    preview = import_preview(plan=ktp.plan, content=_good(ktp))
    assert preview.ok
    assert preview.existing == 1
    result = plan_import_rows(actor=ktp.actor, plan=ktp.plan, rows=preview.rows)
    # then the plan has exactly the file's topics, numbered, bound to the lessons
    assert result.written == 2
    assert _topics(ktp) == [
        ("Числа", "Натуральные числа", Decimal(2), ktp.year.start_date, "§1", "ЦОК"),
        ("Числа", "Сложение", Decimal(1), None, "", ""),
    ]
    assert list(PlanTopic.objects.filter(plan=ktp.plan).values_list("position", flat=True)) == [
        1,
        2,
    ]
    assert result.binding.bound == 3
    made[2].refresh_from_db()
    assert made[2].plan_topic is not None
    assert made[2].plan_topic.title == "Сложение"


def test_append_keeps_the_existing_topics(ktp: Ktp) -> None:
    topics(ktp.plan, [1])
    preview = import_preview(plan=ktp.plan, content=_good(ktp), mode=APPEND)
    plan_import_rows(actor=ktp.actor, plan=ktp.plan, rows=preview.rows, mode=APPEND)
    assert [t[1] for t in _topics(ktp)] == ["Тема 1", "Натуральные числа", "Сложение"]


def test_a_file_with_every_kind_of_error_writes_nothing(ktp: Ktp) -> None:
    # given a plan with one topic and a file full of errors
    topics(ktp.plan, [1])
    content = xlsx(
        [
            ["x", "Раздел", "Тема 1", 1, None],
            [2, "Раздел", "", 1, None],
            [3, None, "Тема 3", "много", None],
            [4, None, "Тема 4", 1, "вчера"],
            [5, None, "Тема 5", 1, datetime.date(2001, 1, 1)],
            [6, "A", "Тема 6", 1, None],
            [7, None, "Тема 7", 1, None],
        ],
        header=("№", "Раздел", "Тема", "Часы", "Дата"),
        meta=[["Предмет", "Астрология"], ["Класс", "11Я"]],
        merge=["B9:B10"],
    )
    # when it is imported
    preview = import_preview(plan=ktp.plan, content=content)
    texts = [error.text for error in preview.errors]
    # then every error names its row and column
    assert texts == [
        "Row 1, column B: unknown subject «Астрология».",
        "Row 2, column B: unknown class or group «11Я».",
        "Row 5, column A (№): a whole number is expected.",
        "Row 6, column C (Тема): the topic is empty.",
        "Row 7, column D (Часы): «много» is not a number of hours: a positive number such as 1 "
        "or 0.5.",
        "Row 8, column E (Дата): «вчера» is not a date: write it as 01.09.2026.",
        "Row 9, column B (Раздел): merged cells B9:B10; unmerge them and fill every row.",
        f"Row 9, column E (Дата): the date 01.01.2001 lies outside the academic year "
        f"{ktp.year.name}.",
    ]
    # and the one-step import refuses the whole file, writing nothing
    with pytest.raises(ValidationError):
        plan_import(actor=ktp.actor, plan=ktp.plan, content=content)
    assert [t[1] for t in _topics(ktp)] == ["Тема 1"]


def test_a_file_for_another_subject_or_class(ktp: Ktp) -> None:
    f.federal_subject("Русский язык")
    other = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Б")
    content = xlsx(
        [[1, "", "Тема", 1]],
        header=("№", "Раздел", "Тема", "Часы"),
        meta=[["Предмет", "русский язык"], ["Класс", other.name]],
    )
    texts = [e.text for e in import_preview(plan=ktp.plan, content=content).errors]
    assert texts == [
        f"Row 1, column B: the file is for «русский язык», the plan is for «{ktp.subject.name}».",
        f"Row 2, column B: the file is for «{other.name}», the plan is for "
        f"«{ktp.school_class.name}».",
    ]


def test_too_many_topics_when_appending(ktp: Ktp) -> None:
    topics(ktp.plan, [1] * 399)
    preview = import_preview(plan=ktp.plan, content=_good(ktp), mode=APPEND)
    assert [e.text for e in preview.errors] == [
        "Row 6: the plan would have 401 topics; it holds at most 400."
    ]
    with pytest.raises(ValidationError):
        plan_import_rows(actor=ktp.actor, plan=ktp.plan, rows=preview.rows, mode=APPEND)
    assert PlanTopic.objects.filter(plan=ktp.plan).count() == 399


def test_a_teacher_cannot_import_into_a_colleagues_plan(ktp: Ktp) -> None:
    other = f.ThematicPlanFactory.create(
        school_class__period_set=ktp.school_class.period_set,
        school_class__letter="Я",
        subject=f.federal_subject("Физика"),
    )
    with pytest.raises(PermissionDenied):
        plan_import_rows(actor=ktp.actor, plan=other, rows=[TopicData(title="Тема")])
    assert not PlanTopic.objects.filter(plan=other).exists()


def test_export_then_import_gives_the_same_topics(ktp: Ktp) -> None:
    # given a plan with sections, fractional hours, dates, homework and materials
    rows = [
        TopicData("Натуральные числа", Decimal(2), "Числа", "§1, № 1–5", "ЦОК: урок 1", None),
        TopicData("Дроби", Decimal("1.5"), "Числа", "", "", ktp.year.start_date),
        TopicData("Повторение", Decimal("0.5"), "", "Многострочное\nзадание", "", None),
    ]
    plan_import_rows(actor=ktp.actor, plan=ktp.plan, rows=rows)
    before = _topics(ktp)
    # when it is exported and the file imported back
    content = export_plan(ktp.plan, PlanTopic.objects.filter(plan=ktp.plan).order_by("position"))
    preview = import_preview(plan=ktp.plan, content=content)
    assert preview.errors == []
    plan_import_rows(actor=ktp.actor, plan=ktp.plan, rows=preview.rows)
    # then the topics are the same
    assert _topics(ktp) == before
    assert preview.rows == rows


def test_the_template_file_parses_into_its_example_row() -> None:
    parsed = parse_xlsx(template_file())
    assert parsed.errors == []
    assert [row.data.hours for row in parsed.rows] == [Decimal(2)]
    assert parsed.subject is None


def test_importing_200_rows_takes_under_two_seconds(
    ktp: Ktp, django_assert_max_num_queries: Any
) -> None:
    # given a 200-row file and a year of lessons
    lessons(ktp.plan, 170)
    content = xlsx(
        [[i, f"Раздел {i // 20}", f"Тема {i}", 1, None, f"§{i}", "ЦОК"] for i in range(1, 201)]
    )
    # when it is checked and written
    started = time.perf_counter()
    with django_assert_max_num_queries(25):
        plan_import(actor=Actor.system(), plan=ktp.plan, content=content)
    elapsed = time.perf_counter() - started
    # then it is fast and complete
    assert PlanTopic.objects.filter(plan=ktp.plan).count() == 200
    assert elapsed < 2.0, elapsed
