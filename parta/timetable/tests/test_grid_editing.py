"""Editing the timetable from the grids of a teacher and of a room: the grid's own dimension is
fixed, the same cell form, service and checks as the class grid."""

import datetime
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, check_matrix
from parta.timetable.models import TimetableEntry

HTMX = {"hx-request": "true"}


@pytest.fixture
def tw(world):
    """The two-school world with a default bell schedule in each school."""
    for sw in (world.a, world.b):
        f.BellScheduleFactory.create(academic_year=sw.year, name="Основное")
    return world


#: The new cells: (URL name, the grid's object in a school world, the field it fixes).
CELLS = [
    ("teacher_cell", lambda sw: sw.class_teacher, "teacher"),
    ("room_cell", lambda sw: sw.room, "room"),
]
CELL_IDS = ["teacher", "room"]


def _cell(name, obj, weekday=2, number=3):
    return lambda sw: reverse(f"timetable:{name}", args=[sw.school.pk, obj(sw).pk, weekday, number])


def _post(sw, fixed, **extra):
    """What the cell form of the teacher (`fixed="teacher"`) or room grid sends: every field
    but the fixed one."""
    data = {
        "school_class": sw.school_class.pk,
        "study_group": "",
        "subject": f.federal_subject().pk,
        "teacher": sw.class_teacher.pk,
        "room": sw.room.pk,
        "week_parity": "every",
        "valid_from": sw.year.start_date.isoformat(),
        "valid_to": "",
    }
    del data[fixed]
    data.update(extra)
    return data


def _other_class(sw, letter="Б"):
    return f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter=letter)


# --- access -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_cell_form_matrix(client, tw, name, obj, fixed):
    check_matrix(client, tw, _cell(name, obj), allowed=ADMINS)


@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_denied_cell_writes_change_nothing(client, tw, name, obj, fixed):
    # given a lesson in the cell, which a denied user tries to change and to delete
    entry = f.TimetableEntryFactory.create(
        school_class=tw.a.school_class,
        weekday=2,
        slot_number=3,
        teacher=tw.a.class_teacher,
        room=tw.a.room,
    )
    before = (list(TimetableEntry.objects.values()), AuditEvent.objects.count())
    denied = EVERYONE - ADMINS
    for data in (
        _post(tw.a, fixed, school_class=_other_class(tw.a).pk),
        _post(tw.a, fixed, entry=entry.pk, week_parity="odd"),
        {"entry": entry.pk, "action": "delete"},
    ):
        check_matrix(
            client, tw, _cell(name, obj), allowed=set(), who=denied, method="post", data=data
        )
    assert (list(TimetableEntry.objects.values()), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_admins_write_through_the_cell_in_their_school_only(client, tw, name, obj, fixed):
    # when every administrator posts the same lesson to school A's cell (and the superuser
    # also to school B's, with school A's choices)
    check_matrix(
        client,
        tw,
        _cell(name, obj),
        allowed=ADMINS,
        method="post",
        data=_post(tw.a, fixed),
        ok=(302, 200),
    )
    # then the first one placed it, the others saw the clash, school B got nothing
    entry = TimetableEntry.objects.get()
    assert entry.school == tw.a.school
    assert getattr(entry, fixed) == obj(tw.a)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).count() == 1


@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_another_schools_teacher_or_room_is_404(client, tw, name, obj, fixed):
    # given the director of school A, and school B's teacher or room under school A's address
    client.force_login(tw.user("director"))
    url = reverse(f"timetable:{name}", args=[tw.a.school.pk, obj(tw.b).pk, 2, 3])
    # then the form and the save answer 404, and nothing is written
    assert client.get(url).status_code == 404
    assert client.post(url, _post(tw.a, fixed)).status_code == 404
    assert not TimetableEntry.objects.exists()


@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_a_lesson_outside_the_grid_cannot_be_edited_there(client, tw, name, obj, fixed):
    # given a lesson of another teacher in another room, in the same cell
    sw = tw.a
    entry = f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=2, slot_number=3, room=f.RoomFactory(school=sw.school)
    )
    client.force_login(tw.user("director"))
    url = _cell(name, obj)(sw)
    # then the teacher's or room's cell does not open or change it
    assert client.get(url, {"entry": entry.pk}).status_code == 404
    response = client.post(url, _post(sw, fixed, entry=entry.pk, week_parity="odd"))
    assert response.status_code == 404
    response = client.post(url, {"entry": entry.pk, "action": "delete"})
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.week_parity == "every"


@pytest.mark.parametrize(
    ("grid", "obj", "cell"),
    [
        ("class_grid", lambda sw: sw.school_class, "cell"),
        ("teacher_grid", lambda sw: sw.class_teacher, "teacher_cell"),
        ("room_grid", lambda sw: sw.room, "room_cell"),
    ],
    ids=["class", "teacher", "room"],
)
def test_only_the_administration_sees_the_cell_links(client, tw, grid, obj, cell):
    # given a lesson of 5А with its class teacher in room 101
    sw = tw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class,
        weekday=2,
        slot_number=3,
        teacher=sw.class_teacher,
        room=sw.room,
    )
    url = reverse(f"timetable:{grid}", args=[sw.school.pk, obj(sw).pk])
    cell_url = _cell(cell, obj)(sw)
    for who in EVERYONE:
        client.force_login(tw.user(who))
        text = client.get(url).content.decode()
        # then administrators get a «+» per cell and a link on the lesson, the others none
        links = text.count(f'href="{cell_url}?')
        if who in ADMINS:
            assert links == 2, who
            assert 'id="cell-form"' in text
            assert "timetable/grid.js" in text
        else:
            assert links == 0, who
            assert "/cell/" not in text, who
            assert "timetable/grid.js" not in text, who


# --- the form -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "obj", "first", "absent"),
    [
        ("cell", lambda sw: sw.school_class, "subject", "school_class"),
        ("teacher_cell", lambda sw: sw.class_teacher, "school_class", "teacher"),
        ("room_cell", lambda sw: sw.room, "school_class", "room"),
    ],
    ids=["class", "teacher", "room"],
)
def test_the_form_leaves_out_the_fixed_field_and_focuses_the_first(
    client, tw, name, obj, first, absent
):
    sw = tw.a
    client.force_login(tw.user("deputy_director"))
    response = client.get(_cell(name, obj)(sw), headers=HTMX)
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text  # only the form, drawn into the grid
    assert f'name="{absent}"' not in text
    # the first field of the form, and only it, has the focus
    tag = re.search(rf'<select[^>]* name="{first}"[^>]*>', text)
    assert tag is not None
    assert "autofocus" in tag.group(0)
    assert text.count("autofocus") == 1
    assert text.index(f'name="{first}"') < text.index('name="week_parity"')


def test_the_teacher_cell_without_javascript_is_a_page(client, tw):
    # given the cell of the class teacher, requested without htmx
    sw = tw.a
    client.force_login(tw.user("secretary"))
    url = _cell("teacher_cell", lambda sw: sw.class_teacher)(sw)
    response = client.get(url)
    text = response.content.decode()
    assert "<html" in text
    assert f"Lesson 3, Tuesday, teacher {sw.class_teacher.person.short_name}" in text
    grid = reverse("timetable:teacher_grid", args=[sw.school.pk, sw.class_teacher.pk])
    assert f'href="{grid}?date=' in text  # «Cancel» leads back to the grid
    # when the lesson is saved, then the browser goes back to the teacher's grid
    response = client.post(url, _post(sw, "teacher"))
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == grid
    entry = TimetableEntry.objects.get()
    assert (entry.weekday, entry.slot_number) == (2, 3)
    assert (entry.school_class, entry.teacher, entry.room) == (
        sw.school_class,
        sw.class_teacher,
        sw.room,
    )


def test_a_group_lesson_from_the_room_grid(client, tw):
    # given English subgroup 1 of 5А
    sw = tw.a
    group = f.StudyGroupFactory.create(school_class=sw.school_class, name="5А англ. 1")
    client.force_login(tw.user("deputy_director"))
    url = _cell("room_cell", lambda sw: sw.room)(sw)
    # when both a class and the group are chosen, or neither, then nothing is saved
    for choice in ({"study_group": group.pk}, {"school_class": ""}):
        data = _post(sw, "room", **choice)
        response = client.post(url, data, headers=HTMX)
        assert response.status_code == 200
        assert "Choose either a class or a study group." in response.content.decode()
    assert not TimetableEntry.objects.exists()
    # when only the group is chosen, then the lesson of the group is placed in room 101
    response = client.post(
        url, _post(sw, "room", school_class="", study_group=group.pk), headers=HTMX
    )
    assert response.status_code == 204
    room_grid = reverse("timetable:room_grid", args=[sw.school.pk, sw.room.pk])
    assert urlsplit(response["HX-Redirect"]).path == room_grid
    entry = TimetableEntry.objects.get()
    assert (entry.school_class, entry.study_group, entry.room) == (None, group, sw.room)
    # and the room grid links to it
    text = client.get(room_grid).content.decode()
    assert f"?entry={entry.pk}" in text
    assert "5А англ. 1" in text


def test_the_form_offers_the_classes_and_groups_of_the_year_only(client, tw):
    # given a class of next year and a class of school B
    sw = tw.a
    next_year = f.PeriodSetFactory.create(
        academic_year__school=sw.school,
        academic_year__start_date=sw.year.start_date.replace(year=sw.year.start_date.year + 1),
        academic_year__end_date=sw.year.end_date.replace(year=sw.year.end_date.year + 1),
        academic_year__name="next",
    )
    later = f.SchoolClassFactory.create(period_set=next_year, grade=6, letter="А")
    client.force_login(tw.user("director"))
    url = _cell("teacher_cell", lambda sw: sw.class_teacher)(sw)
    text = client.get(url, {"date": sw.year.start_date.isoformat()}).content.decode()
    match = re.search(r'<select name="school_class".*?</select>', text, re.DOTALL)
    assert match is not None
    text = match.group(0)
    assert f'<option value="{sw.school_class.pk}">' in text
    assert f'<option value="{later.pk}">' not in text
    assert f'<option value="{tw.b.school_class.pk}">' not in text
    # and a class of another year is refused on save
    response = client.post(
        url + f"?date={sw.year.start_date.isoformat()}", _post(sw, "teacher", school_class=later.pk)
    )
    assert response.status_code == 200
    assert not TimetableEntry.objects.exists()


# --- clashes and the load, inline -----------------------------------------------------------------
def test_a_clash_from_the_teacher_grid_is_shown_inline(client, tw):
    # given 5А has the class teacher on Tuesday, lesson 3, in room 101
    sw = tw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class,
        weekday=2,
        slot_number=3,
        teacher=sw.class_teacher,
        room=sw.room,
    )
    other = _other_class(sw)
    other_room = f.RoomFactory.create(school=sw.school, number="205")
    client.force_login(tw.user("deputy_director"))
    url = _cell("teacher_cell", lambda sw: sw.class_teacher)(sw)
    # when the deputy places the same teacher in 6Б at the same time
    data = _post(sw, "teacher", school_class=other.pk, room=other_room.pk, week_parity="odd")
    response = client.post(url, data, headers=HTMX)
    # then the clash is shown in the form, the typed values kept, nothing saved
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text
    assert "already teaches a lesson in 5А on Tuesday, lesson 3 (room 101)" in text
    assert f'<option value="{other.pk}" selected>' in text
    assert f'<option value="{other_room.pk}" selected>' in text
    assert '<option value="odd" selected>' in text
    assert TimetableEntry.objects.count() == 1
    # when the lesson is moved to odd weeks only and 5А's lesson to even weeks, it fits
    TimetableEntry.objects.update(week_parity="even")
    response = client.post(url, data, headers=HTMX)
    assert response.status_code == 204
    assert TimetableEntry.objects.filter(school_class=other, week_parity="odd").exists()


def test_a_clash_from_the_room_grid_is_shown_inline(client, tw):
    # given 5А is in room 101 on Tuesday, lesson 3
    sw = tw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=2, slot_number=3, room=sw.room
    )
    other = _other_class(sw)
    teacher = f.StaffMemberFactory.create(school=sw.school)
    client.force_login(tw.user("director"))
    url = _cell("room_cell", lambda sw: sw.room)(sw)
    # when the director puts 6Б into room 101 at the same time
    data = _post(sw, "room", school_class=other.pk, teacher=teacher.pk)
    response = client.post(url, data, headers=HTMX)
    # then the clash is shown in the form, the typed values kept, nothing saved
    assert response.status_code == 200
    text = response.content.decode()
    assert "Room 101 is already taken on Tuesday, lesson 3" in text
    assert f'<option value="{teacher.pk}" selected>' in text
    assert TimetableEntry.objects.count() == 1
    # when moved to lesson 4, then it is saved in room 101
    url4 = _cell("room_cell", lambda sw: sw.room, number=4)(sw)
    assert client.post(url4, data, headers=HTMX).status_code == 204
    assert TimetableEntry.objects.get(school_class=other).room == sw.room


def test_the_teaching_load_is_checked_from_the_teacher_grid(client, tw):
    # given a load of one hour a week of the class teacher in 5А, already in the timetable
    sw = tw.a
    subject = f.federal_subject()
    f.TeachingAssignmentFactory.create(
        school_class=sw.school_class,
        teacher=sw.class_teacher,
        subject=subject,
        hours_per_week=Decimal(1),
    )
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=1, slot_number=1, teacher=sw.class_teacher
    )
    client.force_login(tw.user("deputy_director"))
    url = _cell("teacher_cell", lambda sw: sw.class_teacher)(sw)
    # when a second lesson is placed, then the load message is shown and nothing saved
    response = client.post(url, _post(sw, "teacher", room=""), headers=HTMX)
    assert response.status_code == 200
    assert "is 1 h a week; with this lesson the timetable gives 2 h." in response.content.decode()
    assert TimetableEntry.objects.count() == 1


# --- edit and delete ------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "obj", "fixed"), CELLS, ids=CELL_IDS)
def test_edit_and_delete_from_the_grid(client, tw, name, obj, fixed):
    # given a lesson of 5А with the class teacher in room 101 on Monday, lesson 2
    sw = tw.a
    entry = f.TimetableEntryFactory.create(
        school_class=sw.school_class,
        weekday=1,
        slot_number=2,
        teacher=sw.class_teacher,
        room=sw.room,
    )
    client.force_login(tw.user("secretary"))
    url = _cell(name, obj, weekday=1, number=2)(sw)
    response = client.get(url, {"entry": entry.pk}, headers=HTMX)
    assert response.status_code == 200
    assert 'name="action" value="delete"' in response.content.decode()
    # when the weeks change, then the lesson keeps the fixed teacher or room
    response = client.post(url, _post(sw, fixed, entry=entry.pk, week_parity="even"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.week_parity == "even"
    assert getattr(entry, fixed) == obj(sw)
    # when it is deleted, then it is gone and the deletion audited
    response = client.post(url, {"entry": entry.pk, "action": "delete"}, headers=HTMX)
    assert response.status_code == 204
    assert not TimetableEntry.objects.exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DELETE).count() == 1


# --- cost ---------------------------------------------------------------------------------------
def _busy(sw, count):
    """`count` lessons of other classes (and groups) with the class teacher in room 101, and as
    many classes, groups, teachers and rooms to choose from."""
    for n in range(count):
        school_class = f.SchoolClassFactory.create(
            period_set=sw.period_set, grade=6 + n // 6, letter="АБВГДЕ"[n % 6]
        )
        f.StudyGroupFactory.create(school_class=school_class, name=f"гр. {n}")
        f.StaffMemberFactory.create(school=sw.school)
        f.RoomFactory.create(school=sw.school)
        weekday, number = 1 + n // 6, 1 + n % 6
        f.TimetableEntryFactory.create(
            school_class=school_class,
            weekday=weekday,
            slot_number=number,
            teacher=sw.class_teacher,
            room=sw.room,
        )


def _queries(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_for"),
    [
        lambda sw: reverse("timetable:teacher_grid", args=[sw.school.pk, sw.class_teacher.pk]),
        lambda sw: reverse("timetable:room_grid", args=[sw.school.pk, sw.room.pk]),
        _cell("teacher_cell", lambda sw: sw.class_teacher),
        _cell("room_cell", lambda sw: sw.room),
    ],
    ids=["teacher_grid", "room_grid", "teacher_cell", "room_cell"],
)
def test_editable_grids_and_forms_cost_constant_queries(
    client, tw, url_for, django_assert_max_num_queries
):
    # given the deputy (the grids are editable) and one lesson of the teacher in the room
    sw = tw.a
    f.TimetableEntryFactory.create(
        school_class=sw.school_class,
        weekday=6,
        slot_number=6,
        teacher=sw.class_teacher,
        room=sw.room,
    )
    client.force_login(tw.user("deputy_director"))
    url = url_for(sw)
    client.get(url)  # the first request of a session costs more
    day = (sw.year.start_date + datetime.timedelta(days=7)).isoformat()
    few = _queries(client, url, date=day)
    # when the week fills up with 30 more lessons and the choices grow
    _busy(sw, 30)
    # then the page costs the same number of queries
    with django_assert_max_num_queries(14):
        many = _queries(client, url, date=day)
    assert many == few


# --- the browser --------------------------------------------------------------------------------
@pytest.mark.browser
def test_deputy_places_a_lesson_from_the_teacher_grid(page, live_server):
    from playwright.sync_api import expect

    from parta.core.testing.browser import login
    from parta.core.testing.world import build_world

    # given school A with its default bell schedule, 5А in room 101 on Tuesday, lesson 3 with
    # another teacher, and the teacher «Предметникова» with a free week
    world = build_world()
    sw = world.a
    school = sw.school
    f.BellScheduleFactory.create(academic_year=sw.year, name="Основное (1 смена)")
    subject = f.federal_subject("Русский язык")
    f.TimetableEntryFactory.create(
        school_class=sw.school_class, weekday=2, slot_number=3, room=sw.room, subject=subject
    )
    other = _other_class(sw)
    teacher = f.StaffMemberFactory.create(
        school=school, person__last_name="Сергеева", person__first_name="Ольга"
    )
    room = f.RoomFactory.create(school=school, number="205")
    base = live_server.url
    grid_path = reverse("timetable:teacher_grid", args=[school.pk, teacher.pk])

    # when the deputy director opens the teacher's grid and the cell «вторник, 3-й урок»
    login(page, base, world.user("deputy_director").username)
    page.goto(f"{base}{grid_path}?date={sw.year.start_date.isoformat()}")
    cell = page.locator("a.tt-add[href*='/cell/2/3/']")
    cell.focus()
    page.keyboard.press("Enter")
    form = page.locator("#tt-cell-form")
    expect(form).to_be_visible()
    expect(form).to_contain_text("учитель Сергеева О.")
    expect(form.locator("[name='teacher']")).to_have_count(0)
    expect(form.locator("[name='school_class']")).to_be_focused()

    # Esc closes the form and gives the focus back to the cell
    page.keyboard.press("Escape")
    expect(form).to_have_count(0)
    expect(cell).to_be_focused()
    page.keyboard.press("Enter")
    expect(form.locator("[name='school_class']")).to_be_focused()

    # and places 6Б with her in room 101, saving with Enter
    form.locator("[name='school_class']").select_option(str(other.pk))
    form.locator("[name='subject']").select_option(str(subject.pk))
    form.locator("[name='room']").select_option(str(sw.room.pk))
    form.locator("[name='room']").press("Enter")

    # then the room's clash is shown in the form, the typed values kept, nothing saved
    errors = form.locator(".errors")
    expect(errors).to_contain_text("Кабинет 101 уже занят во вторник, 3-й урок")
    expect(form.locator("[name='school_class']")).to_have_value(str(other.pk))
    assert not TimetableEntry.objects.filter(teacher=teacher).exists()

    # when she picks room 205 and saves with Enter
    form.locator("[name='room']").select_option(str(room.pk))
    with page.expect_navigation():
        form.locator("[name='room']").press("Enter")

    # then the teacher's grid shows the lesson of 6Б in room 205
    assert urlsplit(page.url).path == grid_path
    expect(page.locator("#tt-grid")).to_contain_text("6Б")
    expect(page.locator("#tt-grid")).to_contain_text("каб. 205")
    entry = TimetableEntry.objects.get(teacher=teacher)
    assert (entry.weekday, entry.slot_number, entry.school_class, entry.room) == (
        2,
        3,
        other,
        room,
    )
    # and the lesson in the grid opens its form again
    page.locator(f"#tt-grid a[href*='entry={entry.pk}']").click()
    expect(form.locator("[name='school_class']")).to_be_focused()
    expect(form.locator("button[value='delete']")).to_be_visible()


@pytest.mark.browser
def test_secretary_places_a_group_lesson_from_the_room_grid_on_a_phone(phone_page, live_server):
    from playwright.sync_api import expect

    from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded
    from parta.core.testing.world import build_world

    # given school A with its default bell schedule and English subgroup 1 of 5А
    page = phone_page
    world = build_world()
    sw = world.a
    f.BellScheduleFactory.create(academic_year=sw.year, name="Основное (1 смена)")
    english = f.federal_subject("Иностранный язык (английский)")
    group = f.StudyGroupFactory.create(
        school_class=sw.school_class, name="5А англ. 1", subject=english
    )
    base = live_server.url
    grid_path = reverse("timetable:room_grid", args=[sw.school.pk, sw.room.pk])

    # when the secretary opens room 101's grid on a phone and taps «+» on Monday, lesson 2
    login(page, base, world.user("secretary").username)
    page.goto(f"{base}{grid_path}?date={sw.year.start_date.isoformat()}")
    assert stylesheets_loaded(page)
    page.locator("a.tt-add[href*='/cell/1/2/']").tap()
    form = page.locator("#tt-cell-form")
    expect(form.locator("[name='school_class']")).to_be_focused()
    expect(form.locator("[name='room']")).to_have_count(0)
    # then the form fits the screen
    assert horizontal_overflow(page) == 0

    # when she picks the group, English and the class teacher, and saves
    form.locator("[name='study_group']").select_option(str(group.pk))
    form.locator("[name='subject']").select_option(str(english.pk))
    form.locator("[name='teacher']").select_option(str(sw.class_teacher.pk))
    with page.expect_navigation():
        form.locator("button[value='save']").tap()

    # then the room's grid shows the group's lesson
    assert urlsplit(page.url).path == grid_path
    expect(page.locator("#tt-grid")).to_contain_text("5А англ. 1")
    entry = TimetableEntry.objects.get()
    assert (entry.study_group, entry.school_class, entry.room) == (group, None, sw.room)
    assert horizontal_overflow(page) == 0
