"""Helpers of the API tests: the extended world, authenticated requests, the role matrix."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parta.accounts.models import User
from parta.core.testing import factories as f
from parta.core.testing.matrix import ALL_WHO
from parta.core.testing.world import SchoolWorld, World
from parta.curriculum.models import Subject
from parta.organizations.models import Building, Room
from parta.people.models import Position, StudyGroup, StudyGroupMembership

V1 = "/api/v1/"


@dataclass
class SchoolExtras:
    building: Building
    room: Room
    subject: Subject
    group: StudyGroup


@dataclass
class ApiWorld:
    world: World
    extras: dict[str, SchoolExtras]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)


def extend_world(world: World) -> ApiWorld:
    teacher_position, _ = Position.objects.get_or_create(name="учитель")
    extras: dict[str, SchoolExtras] = {}
    for key in ("a", "b"):
        sw: SchoolWorld = getattr(world, key)
        building = f.BuildingFactory.create(school=sw.school, name=f"Главный корпус {key}")
        room = f.RoomFactory.create(school=sw.school, building=building, number="201")
        subject = Subject.objects.create(school=sw.school, name=f"Шахматы {key.upper()}")
        group = f.StudyGroupFactory.create(
            school_class=sw.school_class, name=f"Английский язык, 1 группа {key}", subject=subject
        )
        for student in (sw.student, sw.other_student):
            StudyGroupMembership.objects.create(
                school=sw.school,
                group=group,
                student=student,
                start_date=sw.year.start_date,
            )
        sw.class_teacher.positions.add(teacher_position)
        extras[key] = SchoolExtras(building=building, room=room, subject=subject, group=group)
    return ApiWorld(world=world, extras=extras)


def url(name: str, pk: int | None = None) -> str:
    return f"{V1}{name}/" if pk is None else f"{V1}{name}/{pk}/"


def login(client: APIClient, user: User, *, auth: str = "session") -> None:
    client.logout()
    client.credentials()
    if auth == "session":
        client.force_login(user)
    else:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")


def list_all(client: APIClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list endpoint (following the pages)."""
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        response = client.get(path, {**params, "page": page, "page_size": 500})
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        body = response.json()
        rows.extend(body["results"])
        if not body["next"]:
            return rows
        page += 1


def ids(rows: Iterable[dict[str, Any]]) -> set[int]:
    return {row["id"] for row in rows}


#: (who, home school) pairs of the matrix: every role of school A and of school B; the
#: municipal specialist and the superuser once (they do not belong to a school).
TREE_WHO = ("municipal_specialist", "superuser")
MATRIX = [
    *[(who, home) for who in ALL_WHO if who not in TREE_WHO for home in ("a", "b")],
    *[(who, "a") for who in TREE_WHO],
]


def school_ids_of(world: World, who: str, home: str) -> set[int] | None:
    """Schools whose structure `who` reads: None means every school (superuser)."""
    if who == "superuser":
        return None
    if who == "municipal_specialist":
        return {world.a.school.pk, world.b.school.pk}
    return {getattr(world, home).school.pk}


def rows_of(model: type[models.Model], schools: set[int] | None) -> set[int]:
    qs = model._default_manager.all()
    if schools is not None:
        qs = qs.filter(school_id__in=schools)
    return set(qs.values_list("pk", flat=True))


def check_visibility(
    client: APIClient,
    world: World,
    endpoint: str,
    expected: Callable[[str, str], set[int]],
    candidates: Iterable[int],
    *,
    auth: str = "session",
    matrix: Iterable[tuple[str, str]] = MATRIX,
) -> None:
    """For every (who, home) of the matrix: the list returns exactly `expected(who, home)`, and
    the detail of each candidate row answers 200 if expected, else 404."""
    candidates = sorted(set(candidates))
    failures: list[str] = []
    for who, home in matrix:
        login(client, world.user(who, home), auth=auth)
        want = expected(who, home)
        got = ids(list_all(client, url(endpoint)))
        if got != want:
            failures.append(
                f"{who}@{home}: list {sorted(got)} != expected {sorted(want)} "
                f"(missing {sorted(want - got)}, extra {sorted(got - want)})"
            )
        for pk in candidates:
            status = client.get(url(endpoint, pk)).status_code
            wanted = 200 if pk in want else 404
            if status != wanted:
                failures.append(f"{who}@{home}: detail {pk} → {status}, expected {wanted}")
    client.logout()
    client.credentials()
    assert not failures, f"{endpoint}:\n" + "\n".join(failures)
