"""The role matrix: every page and endpoint is requested by every role, in its own school and
in the other one, and the status codes are compared with what DESIGN.md's access rules say.

Usage in a test module::

    from parta.core.testing.matrix import ALL_WHO, READ_WHOLE_SCHOOL, check_matrix

    def test_room_list_matrix(client, world):
        check_matrix(
            client,
            world,
            lambda sw: reverse("organizations:room_list", args=[sw.school.pk]),
            allowed=READ_WHOLE_SCHOOL,
        )

`allowed` names who gets 200 in school A; everyone else gets 403 or 404 there. In school B
(another school of the same municipality) only the municipal specialist and the superuser may
pass; the other users of school A get 404 (nothing leaks about another school).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from parta.core.testing.world import SchoolWorld, World

#: Everyone the matrix tries. Users are those of school A (see World.user).
ALL_WHO = (
    "director",
    "deputy_director",
    "secretary",
    "hr_officer",
    "teacher",
    "teacher_no_class",
    "student",
    "parent",
    "municipal_specialist",
    "superuser",
)
ADMINS = frozenset({"director", "deputy_director", "secretary", "superuser"})
STAFF_ADMINS = ADMINS | {"hr_officer"}
READ_WHOLE_SCHOOL = ADMINS | {"hr_officer", "municipal_specialist"}
EVERYONE = frozenset(ALL_WHO)
DENIED = (403, 404)


def check_matrix(
    client: Any,
    world: World,
    url_for: Callable[[SchoolWorld], str],
    *,
    allowed: Iterable[str],
    method: str = "get",
    data: Any = None,
    ok: Iterable[int] = (200,),
    who: Iterable[str] = ALL_WHO,
    other_school_allowed: Iterable[str] | None = None,
    **extra: Any,
) -> None:
    """Request `url_for(world.a)` and `url_for(world.b)` as each user and check the statuses.

    For writes (`method="post"`) pass `ok=(302,)` or `(201,)`; a write test should also check
    separately that the denied requests changed nothing.
    """
    allowed = set(allowed)
    ok = tuple(ok)
    other_allowed = (
        set(other_school_allowed)
        if other_school_allowed is not None
        else allowed & {"municipal_specialist", "superuser"}
    )
    failures: list[str] = []
    for name in who:
        user = world.user(name)
        client.force_login(user)
        for school_key, expected_ok in (("a", name in allowed), ("b", name in other_allowed)):
            url = url_for(getattr(world, school_key))
            response = getattr(client, method)(url, data=data, **extra)
            status = response.status_code
            if expected_ok and status not in ok:
                failures.append(f"{name} in school {school_key.upper()}: {status}, expected {ok}")
            if not expected_ok and status not in DENIED:
                failures.append(
                    f"{name} in school {school_key.upper()}: {status}, expected 403/404"
                )
        client.logout()
    assert not failures, (
        "Role matrix mismatch for " + url_for(world.a) + ":\n" + "\n".join(failures)
    )
