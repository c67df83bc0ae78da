"""The built-in mark scale, created by migration 0002 and used by every school that has not
chosen another."""

from __future__ import annotations

from typing import Any

FIVE_POINT_NAME = "Пятибалльная"

#: 1–5 count in averages; н/а (not attested), осв (exempt), зч/нз (pass/fail) count in none.
FIVE_POINT_VALUES: list[dict[str, Any]] = [
    {"value": "5", "points": 5},
    {"value": "4", "points": 4},
    {"value": "3", "points": 3},
    {"value": "2", "points": 2},
    {"value": "1", "points": 1},
    {"value": "н/а", "points": None},
    {"value": "осв", "points": None},
    {"value": "зч", "points": None},
    {"value": "нз", "points": None},
]
