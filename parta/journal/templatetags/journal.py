"""`{% journal_cell cell %}`: a journal cell drawn by `CellView.html` (one code path for the
grid and for the cells a save sends back)."""

from __future__ import annotations

from django import template

from parta.journal.views.grid import CellView

register = template.Library()


@register.simple_tag
def journal_cell(
    cell: CellView, state: str = "", message: str = "", oob: bool = False, oob_id: str = ""
) -> str:
    return cell.html(
        state=state or "", message=str(message or ""), oob=bool(oob), oob_id=oob_id or ""
    )
