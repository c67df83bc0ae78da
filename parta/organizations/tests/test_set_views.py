"""Period-set and holiday-set pages: the role matrix, the one-page editor (set + rows), the
buttons that redraw without saving, delete, and constant query counts of the lists."""

import datetime
from functools import partial

import pytest
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix
from parta.organizations.models import Holiday, HolidaySet, PeriodSet, StudyPeriod


def _d(world, month, day):
    year = world.a.year.start_date.year
    return datetime.date(year if month >= 8 else year + 1, month, day).isoformat()


def rows_data(prefix, rows, *, initial=0, **fields):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "60",
        **fields,
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def quarters(world):
    return [
        {
            "number": "1",
            "name": "1 четверть",
            "start_date": _d(world, 9, 1),
            "end_date": _d(world, 10, 24),
        },
        {
            "number": "2",
            "name": "2 четверть",
            "start_date": _d(world, 11, 5),
            "end_date": _d(world, 12, 28),
        },
        {
            "number": "3",
            "name": "3 четверть",
            "start_date": _d(world, 1, 12),
            "end_date": _d(world, 3, 21),
        },
        {
            "number": "4",
            "name": "4 четверть",
            "start_date": _d(world, 4, 1),
            "end_date": _d(world, 5, 31),
        },
    ]


def existing_periods(period_set):
    return [
        {
            "id": str(p.pk),
            "number": str(p.number),
            "name": p.name,
            "start_date": p.start_date.isoformat(),
            "end_date": p.end_date.isoformat(),
        }
        for p in period_set.periods.order_by("number")
    ]


def _school_url(name, sw):
    return reverse(f"organizations:{name}", args=[sw.school.pk])


def counts():
    return (
        PeriodSet.objects.count(),
        StudyPeriod.objects.count(),
        HolidaySet.objects.count(),
        Holiday.objects.count(),
        AuditEvent.objects.count(),
    )


# --- the role matrix -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["period_set_list", "holiday_set_list"])
def test_list_matrix(client, world, name):
    check_matrix(
        client,
        world,
        lambda sw: reverse(f"organizations:{name}", args=[sw.school.pk]),
        allowed=READ_WHOLE_SCHOOL,
    )


@pytest.mark.parametrize("name", ["period_set_create", "holiday_set_create"])
def test_create_page_matrix(client, world, name):
    check_matrix(
        client,
        world,
        lambda sw: reverse(f"organizations:{name}", args=[sw.school.pk]),
        allowed=ADMINS,
    )


@pytest.mark.parametrize("name", ["period_set_edit", "period_set_delete"])
def test_period_set_edit_and_delete_pages_matrix(client, world, name):
    check_matrix(
        client,
        world,
        lambda sw: reverse(f"organizations:{name}", args=[sw.school.pk, sw.period_set.pk]),
        allowed=ADMINS,
    )


@pytest.mark.parametrize("name", ["holiday_set_edit", "holiday_set_delete"])
def test_holiday_set_edit_and_delete_pages_matrix(client, world, name):
    check_matrix(
        client,
        world,
        lambda sw: reverse(
            f"organizations:{name}",
            args=[sw.school.pk, sw.year.holiday_sets.get(is_main=True).pk],
        ),
        allowed=ADMINS,
    )


def test_denied_posts_change_nothing(client, world):
    before = counts()
    denied = EVERYONE - ADMINS
    for name, prefix, rows, fields in (
        ("period_set_create", "periods", quarters(world), {"kind": "quarters", "name": "X"}),
        ("holiday_set_create", "holidays", [], {"name": "X", "is_main": ""}),
    ):
        check_matrix(
            client,
            world,
            partial(_school_url, name),
            allowed=set(),
            who=denied,
            method="post",
            data=rows_data(prefix, rows, academic_year=str(world.a.year.pk), **fields),
        )
    check_matrix(
        client,
        world,
        lambda sw: reverse("organizations:period_set_edit", args=[sw.school.pk, sw.period_set.pk]),
        allowed=set(),
        who=denied,
        method="post",
        data=rows_data("periods", [], kind="quarters", name="Renamed"),
    )
    check_matrix(
        client,
        world,
        lambda sw: reverse(
            "organizations:period_set_delete", args=[sw.school.pk, sw.period_set.pk]
        ),
        allowed=set(),
        who=denied,
        method="post",
    )
    assert counts() == before
    assert not PeriodSet.objects.filter(name="Renamed").exists()


def test_admins_save_an_unchanged_set(client, world):
    """Every administrator (and the superuser in both schools) may save; saving the same
    values again changes nothing and writes no audit event."""
    before = counts()
    for who, sw in [*((who, world.a) for who in sorted(ADMINS)), ("superuser", world.b)]:
        client.force_login(world.user(who))
        period_set = sw.period_set
        response = client.post(
            reverse("organizations:period_set_edit", args=[sw.school.pk, period_set.pk]),
            rows_data(
                "periods",
                existing_periods(period_set),
                initial=4,
                kind=period_set.kind,
                name=period_set.name,
            ),
        )
        assert response.status_code == 302, who
    assert counts() == before


# --- the editor ----------------------------------------------------------------------------


def test_admin_creates_a_set_with_four_quarters(client, world):
    client.force_login(world.user("secretary"))
    url = reverse("organizations:period_set_create", args=[world.a.school.pk])
    response = client.post(
        url,
        rows_data(
            "periods",
            [*quarters(world), {}],  # a blank spare row is ignored
            academic_year=str(world.a.year.pk),
            kind="quarters",
            name="Четверти (2)",
        ),
    )
    assert response.status_code == 302
    period_set = PeriodSet.objects.get(school=world.a.school, name="Четверти (2)")
    assert period_set.periods.count() == 4
    assert AuditEvent.objects.filter(object_type="organizations.studyperiod").count() == 4


def test_one_bad_row_shows_errors_and_saves_nothing(client, world):
    client.force_login(world.user("director"))
    rows = quarters(world)
    rows[1]["start_date"] = _d(world, 10, 20)  # overlaps the first quarter
    rows[3]["end_date"] = _d(world, 6, 30)  # after the year
    before = counts()
    response = client.post(
        reverse("organizations:period_set_create", args=[world.a.school.pk]),
        rows_data("periods", rows, academic_year=str(world.a.year.pk), kind="quarters", name="Bad"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert "overlaps the period" in body
    assert "within the academic year" in body
    assert counts() == before


def test_unparseable_row_shows_errors_and_saves_nothing(client, world):
    client.force_login(world.user("director"))
    rows = quarters(world)
    rows[2]["start_date"] = "31.02.2027"
    before = counts()
    response = client.post(
        reverse("organizations:period_set_create", args=[world.a.school.pk]),
        rows_data("periods", rows, academic_year=str(world.a.year.pk), kind="quarters", name="Bad"),
    )
    assert response.status_code == 200
    assert counts() == before


def test_edit_deletes_a_ticked_row(client, world):
    client.force_login(world.user("director"))
    period_set = world.a.period_set
    rows = existing_periods(period_set)
    rows[3]["DELETE"] = "on"
    response = client.post(
        reverse("organizations:period_set_edit", args=[world.a.school.pk, period_set.pk]),
        rows_data("periods", rows, initial=4, kind="quarters", name=period_set.name),
    )
    assert response.status_code == 302
    assert period_set.periods.count() == 3
    assert (
        AuditEvent.objects.filter(action="delete", object_type="organizations.studyperiod").count()
        == 1
    )


def test_year_of_a_saved_set_cannot_be_changed_from_the_page(client, world):
    client.force_login(world.user("director"))
    period_set = world.a.period_set
    other = f.AcademicYearFactory.create(
        school=world.a.school,
        name="later",
        start_date=world.a.year.end_date + datetime.timedelta(days=100),
        end_date=world.a.year.end_date + datetime.timedelta(days=400),
    )
    response = client.post(
        reverse("organizations:period_set_edit", args=[world.a.school.pk, period_set.pk]),
        rows_data(
            "periods",
            existing_periods(period_set),
            initial=4,
            academic_year=str(other.pk),
            kind="quarters",
            name=period_set.name,
        ),
    )
    assert response.status_code == 302  # the disabled field keeps the saved year
    period_set.refresh_from_db()
    assert period_set.academic_year == world.a.year


def test_fill_typical_dates_redraws_without_saving(client, world):
    client.force_login(world.user("director"))
    before = counts()
    response = client.post(
        reverse("organizations:period_set_create", args=[world.a.school.pk]),
        rows_data(
            "periods",
            [{}, {}],
            academic_year=str(world.a.year.pk),
            kind="quarters",
            name="",
            action="fill",
        ),
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    filled = [form.initial for form in formset.forms if form.initial]
    assert [row["number"] for row in filled] == [1, 2, 3, 4]
    assert filled[0]["start_date"] == world.a.year.start_date
    assert "This field is required" not in response.content.decode()
    assert counts() == before


def test_fill_on_an_existing_set_reuses_its_rows(client, world):
    client.force_login(world.user("director"))
    period_set = f.PeriodSetFactory.create(
        academic_year=world.a.year, name="Halves", kind="half_years"
    )
    rows = existing_periods(period_set)
    response = client.post(
        reverse("organizations:period_set_edit", args=[world.a.school.pk, period_set.pk]),
        rows_data("periods", rows, initial=4, kind="half_years", name="Halves", action="fill"),
    )
    filled = [form.initial for form in response.context["formset"].forms if form.initial]
    ids = [int(row["id"]) for row in rows]
    assert [int(row["id"]) for row in filled[:2]] == ids[:2]
    assert [int(row["id"]) for row in filled[2:]] == ids[2:]
    assert all(row["DELETE"] for row in filled[2:])
    # saving what the page now shows: two periods changed in place, two deleted
    shown = [
        {
            key: ("on" if value is True else "" if value in (None, False) else str(value))
            for key, value in row.items()
        }
        for row in filled
    ]
    response = client.post(
        reverse("organizations:period_set_edit", args=[world.a.school.pk, period_set.pk]),
        rows_data("periods", shown, initial=4, kind="half_years", name="Halves"),
    )
    assert response.status_code == 302
    assert sorted(period_set.periods.values_list("pk", flat=True)) == ids[:2]


def test_fill_without_a_year_asks_for_it(client, world):
    client.force_login(world.user("director"))
    response = client.post(
        reverse("organizations:period_set_create", args=[world.a.school.pk]),
        rows_data("periods", [], kind="quarters", name="", action="fill"),
    )
    assert response.status_code == 200
    assert "Choose the academic year first" in response.content.decode()


def test_add_row_keeps_typed_rows_and_adds_a_blank_one(client, world):
    client.force_login(world.user("director"))
    rows = quarters(world)[:2]
    response = client.post(
        reverse("organizations:period_set_create", args=[world.a.school.pk]),
        rows_data("periods", [*rows, {}], kind="quarters", name="", action="add_row"),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 4
    assert PeriodSet.objects.filter(school=world.a.school).count() == 1


def test_holiday_set_page_saves_an_extra_set(client, world):
    client.force_login(world.user("deputy_director"))
    response = client.post(
        reverse("organizations:holiday_set_create", args=[world.a.school.pk]),
        rows_data(
            "holidays",
            [
                {
                    "name": "Февральские",
                    "start_date": _d(world, 2, 14),
                    "end_date": _d(world, 2, 22),
                },
                {},
            ],
            academic_year=str(world.a.year.pk),
            name="1 класс",
        ),
    )
    assert response.status_code == 302
    extra = HolidaySet.objects.get(school=world.a.school, name="1 класс")
    assert not extra.is_main
    assert extra.holidays.get().name == "Февральские"


def test_second_main_holiday_set_is_refused_on_the_page(client, world):
    client.force_login(world.user("deputy_director"))
    before = counts()
    response = client.post(
        reverse("organizations:holiday_set_create", args=[world.a.school.pk]),
        rows_data("holidays", [], academic_year=str(world.a.year.pk), name="Second", is_main="on"),
    )
    assert response.status_code == 200
    assert "already has a main holiday set" in response.content.decode()
    assert counts() == before


def test_holiday_overlap_on_the_page(client, world):
    client.force_login(world.user("director"))
    holiday_set = world.a.year.holiday_sets.get(is_main=True)
    autumn = holiday_set.holidays.get()
    rows = [
        {
            "id": str(autumn.pk),
            "name": autumn.name,
            "start_date": autumn.start_date.isoformat(),
            "end_date": autumn.end_date.isoformat(),
        },
        {
            "name": "Clash",
            "start_date": autumn.end_date.isoformat(),
            "end_date": autumn.end_date.isoformat(),
        },
    ]
    before = counts()
    response = client.post(
        reverse("organizations:holiday_set_edit", args=[world.a.school.pk, holiday_set.pk]),
        rows_data("holidays", rows, initial=1, name=holiday_set.name, is_main="on"),
    )
    assert response.status_code == 200
    assert "overlap the holidays" in response.content.decode()
    assert counts() == before


# --- delete --------------------------------------------------------------------------------


def test_delete_of_a_set_in_use_is_refused_with_a_message(client, world):
    client.force_login(world.user("director"))
    url = reverse(
        "organizations:period_set_delete", args=[world.a.school.pk, world.a.period_set.pk]
    )
    page = client.get(url)
    assert "in use" in page.content.decode()
    before = counts()
    response = client.post(url)
    assert response.status_code == 200
    assert "in use: class 5А" in response.content.decode()
    assert counts() == before


def test_delete_of_an_unused_set(client, world):
    client.force_login(world.user("director"))
    unused = f.PeriodSetFactory.create(academic_year=world.a.year, name="Unused")
    url = reverse("organizations:period_set_delete", args=[world.a.school.pk, unused.pk])
    assert "Its 4 study periods are deleted with it." in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not PeriodSet.objects.filter(pk=unused.pk).exists()


def test_delete_of_another_schools_set_is_404(client, world):
    client.force_login(world.user("director"))
    unused = f.PeriodSetFactory.create(academic_year=world.b.year, name="Unused")
    response = client.post(
        reverse("organizations:period_set_delete", args=[world.a.school.pk, unused.pk])
    )
    assert response.status_code == 404
    assert PeriodSet.objects.filter(pk=unused.pk).exists()


# --- query counts --------------------------------------------------------------------------


def test_set_lists_cost_the_same_for_many_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.user("director"))
    period_url = reverse("organizations:period_set_list", args=[world.a.school.pk])
    holiday_url = reverse("organizations:holiday_set_list", args=[world.a.school.pk])
    client.get(period_url)
    for n in range(30):
        f.PeriodSetFactory.create(academic_year=world.a.year, name=f"Set {n}")
        f.HolidayFactory.create(
            holiday_set=f.HolidaySetFactory.create(
                academic_year=world.a.year, name=f"Extra {n}", is_main=False
            )
        )
    for url in (period_url, holiday_url):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
