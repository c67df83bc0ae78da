import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest

from parta.thematic.parsing import parse_date, parse_hours, parse_xlsx
from parta.thematic.tests.conftest import xlsx


def _texts(content: bytes) -> list[str]:
    return [error.text for error in parse_xlsx(content).errors]


def test_a_good_file_gives_every_row() -> None:
    # given a file with meta rows, a header and three topics (one with a date cell)
    content = xlsx(
        [
            [1, "Числа", "Натуральные числа", 2, datetime.date(2026, 9, 2), "§1", "ЦОК"],
            [2, "Числа", "Сложение", "1,5", "03.09.2026", "", ""],
            [None, None, None, None, None, None, None],
            ["3.", "", "Вычитание", 0.5, None, None, None],
        ],
        meta=[["Предмет", "Математика"], ["Класс:", "5А"]],
    )
    # when it is parsed
    parsed = parse_xlsx(content)
    # then there are no errors, the empty row is skipped and the names are read
    assert parsed.errors == []
    assert [row.data.title for row in parsed.rows] == ["Натуральные числа", "Сложение", "Вычитание"]
    assert [row.data.hours for row in parsed.rows] == [Decimal(2), Decimal("1.5"), Decimal("0.5")]
    assert parsed.rows[1].data.planned_date == datetime.date(2026, 9, 3)
    assert parsed.rows[0].data.homework == "§1"
    assert parsed.rows[2].row == 8
    assert parsed.subject is not None
    assert parsed.subject.value == "Математика"
    assert parsed.school_class is not None
    assert parsed.school_class.value == "5А"


def test_missing_columns_are_named() -> None:
    content = xlsx([["Тема 1", "x"]], header=("Тема", "Домашнее задание"))
    assert _texts(content) == ["Row 1: the column «Часы» is missing."]


def test_a_file_without_a_header_row() -> None:
    content = xlsx([["a", "b"]], header=("Что-то", "Ещё"))
    [text] = _texts(content)
    assert text.startswith("No header row found")


def test_merged_cells_name_the_range() -> None:
    content = xlsx(
        [[1, "Числа", "Тема 1", 1], [2, None, "Тема 2", 1]],
        header=("№", "Раздел", "Тема", "Часы"),
        merge=["B2:B3"],
    )
    assert "Row 2, column B (Раздел): merged cells B2:B3; unmerge them and fill every row." in (
        _texts(content)
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ["x", "", "Тема", 1],
            "Row 2, column A (№): a whole number is expected.",
        ),
        (
            [1, "", "", 1],
            "Row 2, column C (Тема): the topic is empty.",
        ),
        (
            [1, "", "Тема", "два"],
            "Row 2, column D (Часы): «два» is not a number of hours: a positive number such "
            "as 1 or 0.5.",
        ),
        (
            [1, "", "Тема", -1],
            "Row 2, column D (Часы): «-1» is not a number of hours: a positive number such "
            "as 1 or 0.5.",
        ),
        (
            [1, "", "Тема", 0],
            "Row 2, column D (Часы): «0» is not a number of hours: a positive number such "
            "as 1 or 0.5.",
        ),
        (
            [1, "", "Тема", None],
            "Row 2, column D (Часы): «» is not a number of hours: a positive number such "
            "as 1 or 0.5.",
        ),
        (
            [1, "", "Тема", 1, "завтра"],
            "Row 2, column E (Дата): «завтра» is not a date: write it as 01.09.2026.",
        ),
        (
            [1, "", "Т" * 501, 1],
            "Row 2, column C (Тема): longer than 500 characters.",
        ),
    ],
)
def test_row_errors_name_row_and_column(row: list[Any], expected: str) -> None:
    content = xlsx([row], header=("№", "Раздел", "Тема", "Часы", "Дата"))
    assert _texts(content) == [expected]


def test_every_bad_row_is_reported_not_only_the_first() -> None:
    content = xlsx([[1, "", "", 1], [2, "", "Тема", "x"], [3, "", "Тема", 1]])
    parsed = parse_xlsx(content)
    assert [(e.row, e.column) for e in parsed.errors] == [(2, "C"), (3, "D")]
    assert len(parsed.rows) == 1


def test_too_many_topics() -> None:
    content = xlsx([[i, "", f"Тема {i}", 1] for i in range(1, 403)])
    texts = _texts(content)
    assert texts == ["Row 402: too many topics: a plan holds at most 400."]


def test_no_topics() -> None:
    assert _texts(xlsx([])) == ["The file has no topics below the header."]


def test_not_an_xlsx() -> None:
    assert _texts("№;Тема;Часы\n1;Тема;1\n".encode()) == [
        "The file is not an XLSX workbook: save it from Excel as .xlsx."
    ]


def test_an_unreadable_file() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    assert _texts(buffer.getvalue()) == [
        "The file cannot be read: it is damaged or not an XLSX workbook."
    ]


def test_a_truncated_file() -> None:
    content = xlsx([[1, "", "Тема", 1]])
    assert _texts(content[: len(content) // 2]) == [
        "The file cannot be read: it is damaged or not an XLSX workbook."
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1, Decimal(1)),
        (2.0, Decimal(2)),
        ("1,5", Decimal("1.5")),
        (" 0.5 ", Decimal("0.5")),
        (0.3, None),
        ("abc", None),
        (True, None),
        (100, None),
        ("nan", None),
        ("", None),
    ],
)
def test_parse_hours(value: Any, expected: Decimal | None) -> None:
    assert parse_hours(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01.09.2026", datetime.date(2026, 9, 1)),
        ("1.9.26", datetime.date(2026, 9, 1)),
        ("2026-09-01", datetime.date(2026, 9, 1)),
        (datetime.datetime(2026, 9, 1, 0, 0), datetime.date(2026, 9, 1)),  # noqa: DTZ001
    ],
)
def test_parse_date(value: Any, expected: datetime.date) -> None:
    assert parse_date(value) == expected


def test_a_file_too_large() -> None:
    content = b"PK\x03\x04" + b"0" * (5 * 1024 * 1024)
    assert _texts(content) == ["The file is larger than 5 MB."]
