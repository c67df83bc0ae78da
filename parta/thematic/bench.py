"""Benchmark scenarios of thematic plans: the school's list, a plan page, and the import of a
200-row КТП file through the API (checked and written, replacing the plan's topics, so every
run does the same work; the budget of the issue is 2 s).

The scenarios use the plan of the class teacher's class in its first curriculum subject,
creating it (empty) when the demo data has none."""

from __future__ import annotations

import io
from functools import cache

from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from openpyxl import Workbook

from parta.bench.context import BenchContext
from parta.bench.registry import BenchRequest, scenario
from parta.core.context import Actor
from parta.curriculum.models import CurriculumItem, Subject
from parta.thematic.models import ThematicPlan
from parta.thematic.services import plan_create
from parta.thematic.xlsx_format import COLUMNS

IMPORT_ROWS = 200


def bench_plan(ctx: BenchContext) -> ThematicPlan:
    school_class = ctx.school_class
    found = ThematicPlan.objects.filter(school_class=school_class).order_by("pk").first()
    if found is not None:
        return found
    subject_id = (
        CurriculumItem.objects.filter(curriculum__academic_year_id=school_class.academic_year_id)
        .values_list("subject_id", flat=True)
        .order_by("pk")
        .first()
    )
    subject = Subject.objects.get(pk=subject_id) if subject_id else Subject.objects.first()
    plan = ThematicPlan(
        school_id=school_class.school_id,
        academic_year_id=school_class.academic_year_id,
        subject=subject,
        grade=school_class.grade,
        school_class=school_class,
    )
    return plan_create(actor=Actor.system(), plan=plan)


@cache
def import_file(rows: int = IMPORT_ROWS) -> bytes:
    """A КТП file of `rows` topics (1 hour each, with section, homework and materials)."""
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.append([column.header for column in COLUMNS])
    for number in range(1, rows + 1):
        ws.append(
            [
                number,
                f"Раздел {number // 20 + 1}",
                f"Тема урока {number}",
                1,
                None,
                f"§{number}, упр. 1–5",
                "https://example.org/cok",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@scenario("thematic.list", user="deputy")
def plan_list(ctx: BenchContext) -> str:
    """Thematic plans of the school, first page."""
    return reverse("thematic:plan_list", kwargs={"school_id": ctx.school_id})


@scenario("thematic.plan", user="deputy")
def plan_page(ctx: BenchContext) -> str:
    """A plan page: topics with their lessons and the hour check."""
    plan = bench_plan(ctx)
    return reverse("thematic:plan_detail", kwargs={"school_id": ctx.school_id, "pk": plan.pk})


@scenario("thematic.import200", user="deputy")
def import_200(ctx: BenchContext) -> BenchRequest:
    """API: import a 200-row КТП file (check, replace the topics, bind the lessons)."""
    plan = bench_plan(ctx)
    upload = io.BytesIO(import_file())
    upload.name = "ktp.xlsx"
    body = encode_multipart(BOUNDARY, {"file": upload, "dry_run": "false", "mode": "replace"})
    return BenchRequest(
        path=f"/api/v1/thematic-plans/{plan.pk}/import/",
        method="POST",
        data=body,
        content_type=MULTIPART_CONTENT,
    )
