"""The journal cell drawn in Python: the attributes the keyboard script reads, the states, and
every value escaped."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from parta.journal.views.grid import CellView


def _cell(**kwargs: object) -> CellView:
    values: dict[str, Any] = {
        "student_id": 7,
        "lesson": SimpleNamespace(id=11, pk=11),
        "assignment": SimpleNamespace(id=13, pk=13),
        "mark": SimpleNamespace(version=2, value="5", comment="", is_duty=False),
        "attendance": None,
        "enrolled": True,
        "writable": True,
        "first": True,
    }
    values.update(kwargs)
    return CellView(**values)


def test_an_editable_cell_with_a_mark() -> None:
    assert _cell().html() == (
        '<td id="c-7-11-13" class="j-cell" tabindex="-1" data-lesson="11" data-student="7" '
        'data-assignment="13" data-mv="2" data-av="" data-editable="1">'
        '<span class="j-mark">5</span></td>'
    )


def test_a_read_only_cell_outside_enrollment_with_attendance_and_a_duty_mark() -> None:
    cell = _cell(
        enrolled=False,
        writable=False,
        assignment=None,
        mark=SimpleNamespace(version=1, value="", comment="", is_duty=True),
        attendance=SimpleNamespace(version=4, code="б"),
    )
    assert cell.html(state="stale", message="Changed", oob=True, oob_id="x") == (
        '<td id="x" class="j-cell j-out j-ro j-stale" tabindex="-1" data-lesson="11" '
        'data-student="7" data-assignment="" data-mv="1" data-av="4" title="Changed" '
        'hx-swap-oob="true"><span class="j-att">б</span><span class="j-mark">•</span></td>'
    )


def test_values_are_escaped() -> None:
    mark = SimpleNamespace(version=1, value="<b>5</b>", comment='"><script>', is_duty=False)
    html = _cell(mark=mark).html()
    assert "<script>" not in html
    assert "<b>" not in html
    assert 'title="&quot;&gt;&lt;script&gt;"' in html
    assert 'class="j-mark j-commented"' in html
