"""The КТП spreadsheet format shared by the import, the export and the template file.

The header texts are part of the file format, not of the interface: the file carries the
Russian headers whatever language the page is shown in (schools exchange these files), and the
import also accepts the English names. See docs/thematic-plans.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class FileColumn:
    key: str
    header: str
    required: bool
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[FileColumn, ...] = (
    FileColumn("number", "№", False, ("№ п/п", "номер", "no", "number", "#")),
    FileColumn("section", "Раздел", False, ("раздел программы", "модуль", "section")),
    FileColumn("title", "Тема", True, ("тема урока", "topic", "title")),
    FileColumn("hours", "Часы", True, ("кол-во часов", "количество часов", "hours")),
    FileColumn("date", "Дата", False, ("дата (необязательно)", "дата проведения", "date")),
    FileColumn("homework", "Домашнее задание", False, ("д/з", "дз", "homework")),
    FileColumn("materials", "Материалы", False, ("цор", "эор", "ресурсы", "materials")),
)
BY_KEY = {column.key: column for column in COLUMNS}

#: labels of the rows above the header that name what the file is for
SUBJECT_LABEL = "Предмет"
CLASS_LABEL = "Класс"
YEAR_LABEL = "Учебный год"
META_LABELS = {
    "предмет": "subject",
    "subject": "subject",
    "класс": "class",
    "группа": "class",
    "класс или группа": "class",
    "class": "class",
}
DATA_SHEET = "КТП"
INSTRUCTION_SHEET = "Инструкция"


def normalize(text: object) -> str:
    """A header as compared: lower case, single spaces, without a trailing colon."""
    value = re.sub(r"\s+", " ", str(text or "")).strip().lower().rstrip(":").strip()
    return value.replace("ё", "е")


def column_for(header: object) -> FileColumn | None:
    value = normalize(header)
    if not value:
        return None
    for column in COLUMNS:
        names = (column.header, *column.aliases)
        if value in {normalize(name) for name in names}:
            return column
    return None
