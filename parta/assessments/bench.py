"""Benchmark scenarios of the assessment schedule: the school's schedule, the violations of the
federal recommendations, and the API list."""

from __future__ import annotations

from django.urls import reverse

from parta.bench.context import BenchContext
from parta.bench.registry import scenario


@scenario("assessments.schedule", user="deputy")
def schedule(ctx: BenchContext) -> str:
    """The school's schedule of assessment procedures for the year, grouped by class."""
    return reverse("assessments:schedule", kwargs={"school_id": ctx.school_id})


@scenario("assessments.violations", user="deputy")
def violations(ctx: BenchContext) -> str:
    """Every violation of the federal recommendations in the school's schedule."""
    return reverse("assessments:violations", kwargs={"school_id": ctx.school_id})


@scenario("api.assessment_procedures.list", user="deputy")
def api_list(ctx: BenchContext) -> str:
    """API: the school's assessment procedures, first page."""
    return f"/api/v1/assessment-procedures/?school={ctx.school_id}"
