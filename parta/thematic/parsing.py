"""Reading a КТП spreadsheet (XLSX) into topic rows and a list of errors, each naming its row
and column. Nothing here touches the database: the import service checks the rows against the
plan and writes them."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from parta.thematic.data import TopicData
from parta.thematic.models.plans import MAX_TOPICS
from parta.thematic.xlsx_format import (
    BY_KEY,
    COLUMNS,
    INSTRUCTION_SHEET,
    META_LABELS,
    column_for,
    normalize,
)

#: files larger than this are refused before opening them
MAX_FILE_BYTES = 5 * 1024 * 1024
#: rows scanned at most (a sheet this long is refused)
MAX_SHEET_ROWS = 2000
HEADER_SEARCH_ROWS = 20
MAX_HOURS = Decimal("99")
TEXT_LIMITS = {"title": 500, "section": 300}


@dataclass(frozen=True)
class RowError:
    """A problem at a place of the file; `row` and `column` are None for the whole file."""

    message: str
    row: int | None = None
    column: str | None = None
    header: str = ""

    @property
    def place(self) -> str:
        if self.row is not None and self.column:
            where = _("Row %(row)s, column %(column)s") % {"row": self.row, "column": self.column}
            return f"{where} ({self.header})" if self.header else where
        if self.row is not None:
            return _("Row %(row)s") % {"row": self.row}
        return ""

    @property
    def text(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
            "text": self.text,
        }


@dataclass(frozen=True)
class ParsedRow:
    row: int
    data: TopicData


@dataclass
class MetaValue:
    value: str
    row: int
    column: str


@dataclass
class ParsedFile:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    subject: MetaValue | None = None
    school_class: MetaValue | None = None
    #: the letter of the «Дата» column, when the file has one
    date_column: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_xlsx(content: bytes) -> ParsedFile:
    """Parse the bytes of an uploaded file."""
    result = ParsedFile()
    if len(content) > MAX_FILE_BYTES:
        result.errors.append(
            RowError(_("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20})
        )
        return result
    if not content.startswith(b"PK\x03\x04"):
        result.errors.append(
            RowError(_("The file is not an XLSX workbook: save it from Excel as .xlsx."))
        )
        return result
    try:
        workbook = load_workbook(io.BytesIO(content), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError):
        result.errors.append(
            RowError(_("The file cannot be read: it is damaged or not an XLSX workbook."))
        )
        return result
    sheets = [ws for ws in workbook.worksheets if ws.title != INSTRUCTION_SHEET]
    if not sheets:
        result.errors.append(RowError(_("The workbook has no sheet with topics.")))
        return result
    parse_sheet(sheets[0], result)
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def _find_header(ws: Worksheet) -> int | None:
    for row in range(1, min(ws.max_row, HEADER_SEARCH_ROWS) + 1):
        for col in range(1, ws.max_column + 1):
            column = column_for(ws.cell(row=row, column=col).value)
            if column is not None and column.key == "title":
                return row
    return None


def _meta(ws: Worksheet, header_row: int, result: ParsedFile) -> None:
    """`Предмет: …` / `Класс: …` above the header (label in one cell, value in the next, or
    both in one cell after a colon)."""
    for row in range(1, header_row):
        label_cell = ws.cell(row=row, column=1).value
        text = _text(label_cell)
        value = ""
        value_col = 2
        if ":" in text:
            text, value = (part.strip() for part in text.split(":", 1))
            value_col = 1
        kind = META_LABELS.get(normalize(text))
        if kind is None:
            continue
        if not value:
            value = _text(ws.cell(row=row, column=2).value)
        if not value:
            continue
        meta = MetaValue(value=value, row=row, column=get_column_letter(value_col))
        if kind == "subject":
            result.subject = meta
        else:
            result.school_class = meta


def parse_sheet(ws: Worksheet, result: ParsedFile) -> None:
    if ws.max_row > MAX_SHEET_ROWS:
        result.errors.append(
            RowError(
                _("The sheet has %(rows)s rows; a plan holds at most %(max)s topics.")
                % {"rows": ws.max_row, "max": MAX_TOPICS}
            )
        )
        return
    header_row = _find_header(ws)
    if header_row is None:
        result.errors.append(
            RowError(
                _("No header row found: the file must have the columns %(columns)s.")
                % {"columns": ", ".join(f"«{c.header}»" for c in COLUMNS)}
            )
        )
        return
    positions: dict[str, int] = {}
    for col in range(1, ws.max_column + 1):
        column = column_for(ws.cell(row=header_row, column=col).value)
        if column is not None and column.key not in positions:
            positions[column.key] = col
    if "date" in positions:
        result.date_column = get_column_letter(positions["date"])
    for column in COLUMNS:
        if column.required and column.key not in positions:
            result.errors.append(
                RowError(
                    _("the column «%(name)s» is missing.") % {"name": column.header},
                    row=header_row,
                )
            )
    _meta(ws, header_row, result)
    for merged in ws.merged_cells.ranges:
        if merged.max_row < header_row:
            continue
        result.errors.append(
            RowError(
                _("merged cells %(range)s; unmerge them and fill every row.")
                % {"range": merged.coord},
                row=merged.min_row,
                column=get_column_letter(merged.min_col),
                header=_header_of(ws, header_row, merged.min_col),
            )
        )
    if any(c.required and c.key not in positions for c in COLUMNS):
        return
    count = 0
    for row in range(header_row + 1, ws.max_row + 1):
        values = {key: ws.cell(row=row, column=col).value for key, col in positions.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        count += 1
        if count > MAX_TOPICS:
            result.errors.append(
                RowError(
                    _("too many topics: a plan holds at most %(max)s.") % {"max": MAX_TOPICS},
                    row=row,
                )
            )
            return
        parsed = _parse_row(row, values, positions, result)
        if parsed is not None:
            result.rows.append(ParsedRow(row=row, data=parsed))
    if count == 0:
        result.errors.append(RowError(_("The file has no topics below the header.")))


def _header_of(ws: Worksheet, header_row: int, col: int) -> str:
    return _text(ws.cell(row=header_row, column=col).value)


def _error(result: ParsedFile, row: int, key: str, positions: dict[str, int], message: str) -> None:
    result.errors.append(
        RowError(
            message, row=row, column=get_column_letter(positions[key]), header=BY_KEY[key].header
        )
    )


def parse_hours(value: Any) -> Decimal | None:
    """Hours as a positive multiple of 0.5 up to 99 ("1,5" allowed); None when not."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            number = Decimal(str(value))
        else:
            number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not number.is_finite() or number <= 0 or number > MAX_HOURS or (number * 2) % 1:
        return None
    return number.normalize() if number == number.to_integral_value() else number


def parse_date(value: Any) -> datetime.date | None:
    """A date cell, or text as 31.12.2026 / 31.12.26 / 2026-12-31; raises ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            parsed = datetime.datetime.strptime(text, pattern)  # noqa: DTZ007 - a calendar date
            return parsed.date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_row(
    row: int, values: dict[str, Any], positions: dict[str, int], result: ParsedFile
) -> TopicData | None:
    before = len(result.errors)
    number = values.get("number")
    if _text(number) and not (
        isinstance(number, int)
        or (isinstance(number, float) and number.is_integer())
        or _text(number).rstrip(".").isdigit()
    ):
        _error(result, row, "number", positions, _("a whole number is expected."))
    title = _text(values.get("title"))
    if not title:
        _error(result, row, "title", positions, _("the topic is empty."))
    section = _text(values.get("section"))
    for key, text in (("title", title), ("section", section)):
        if len(text) > TEXT_LIMITS[key]:
            _error(
                result,
                row,
                key,
                positions,
                _("longer than %(limit)s characters.") % {"limit": TEXT_LIMITS[key]},
            )
    raw_hours = values.get("hours")
    hours = parse_hours(raw_hours)
    if hours is None:
        _error(
            result,
            row,
            "hours",
            positions,
            _("«%(value)s» is not a number of hours: a positive number such as 1 or 0.5.")
            % {"value": _text(raw_hours)},
        )
    planned: datetime.date | None = None
    raw_date = values.get("date")
    if _text(raw_date):
        try:
            planned = parse_date(raw_date)
        except ValueError:
            _error(
                result,
                row,
                "date",
                positions,
                _("«%(value)s» is not a date: write it as 01.09.2026.")
                % {"value": _text(raw_date)},
            )
    if len(result.errors) > before or hours is None:
        return None
    return TopicData(
        title=title,
        hours=hours,
        section=section,
        homework=_text(values.get("homework")),
        materials=_text(values.get("materials")),
        planned_date=planned,
    )
