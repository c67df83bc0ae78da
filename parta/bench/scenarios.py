"""Scenarios of the first pages and API endpoints. Later apps add theirs in `<app>/bench.py`."""

from __future__ import annotations

from django.urls import reverse

from parta.bench.context import BenchContext
from parta.bench.registry import scenario

#: Demo logins whose school home page is measured (see parta.demo.logins).
HOME_USERS = ("director", "deputy", "secretary", "teacher", "classteacher", "student", "parent")


def _school_home(ctx: BenchContext) -> str:
    """The school home page of the role."""
    return reverse("people:home", kwargs={"school_id": ctx.school_id})


for _login in HOME_USERS:
    scenario(f"home.{_login}", user=_login, description=f"School home page as {_login}")(
        _school_home
    )


@scenario("home.municipal", user="municipal")
def municipality_home(ctx: BenchContext) -> str:
    """Municipality overview: every school with its counts."""
    return reverse("people:municipality", kwargs={"org_id": ctx.municipality_id})


@scenario("classes.list", user="director")
def class_list(ctx: BenchContext) -> str:
    """Class list of the school (class teacher, room, students today)."""
    return reverse("people:class_list", kwargs={"school_id": ctx.school_id})


@scenario("students.list", user="director")
def student_list(ctx: BenchContext) -> str:
    """Student registry, first page."""
    return reverse("people:student_list", kwargs={"school_id": ctx.school_id})


@scenario("staff.list", user="hr")
def staff_list(ctx: BenchContext) -> str:
    """Staff registry, first page."""
    return reverse("people:staff_list", kwargs={"school_id": ctx.school_id})


@scenario("login.page", user=None)
def login_page(ctx: BenchContext) -> str:
    """The login form, anonymous: the floor of a request's cost."""
    return reverse("accounts:login")


@scenario("api.me", user="parent")
def api_me(ctx: BenchContext) -> str:
    """API: the current user, roles and schools."""
    return "/api/v1/me/"


@scenario("api.students.list", user="director")
def api_students(ctx: BenchContext) -> str:
    """API: students of the school, first page."""
    return f"/api/v1/students/?school={ctx.school_id}"
