"""The plain data of one topic, as pages, files and the API hand it to the services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class TopicData:
    title: str
    hours: Decimal = Decimal("1")
    section: str = ""
    homework: str = ""
    materials: str = ""
    planned_date: datetime.date | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "hours": str(self.hours),
            "section": self.section,
            "homework": self.homework,
            "materials": self.materials,
            "planned_date": self.planned_date.isoformat() if self.planned_date else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TopicData:
        day = data.get("planned_date")
        return cls(
            title=str(data["title"]),
            hours=Decimal(str(data["hours"])),
            section=str(data.get("section") or ""),
            homework=str(data.get("homework") or ""),
            materials=str(data.get("materials") or ""),
            planned_date=datetime.date.fromisoformat(day) if day else None,
        )
