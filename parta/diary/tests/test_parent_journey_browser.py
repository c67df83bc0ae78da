"""The parent's journey end to end in a real browser: on a phone, a parent of two children
reads the first child's week, switches to the second child, opens a mark's details, reads the
marks page, and answers the class teacher's message — the teacher is told once. On a desktop, a
student ticks a homework done and reads the subject's average.

The data is written through the services (guardianship, assignments, marks, the conversation),
so the outbox tells people as it would in production. With ``PARTA_DOC_SCREENSHOTS=1`` the phone
test also saves the screenshots of ``docs/guide-parent.md`` into ``docs/img/parent-*.png``; a
normal run writes nothing."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import expect

from parta.core.context import Actor
from parta.core.testing import factories as f
from parta.core.testing.browser import horizontal_overflow, login, stylesheets_loaded
from parta.core.testing.world import SchoolWorld, World, build_world
from parta.diary.models import HomeworkCompletion
from parta.journal import services as journal
from parta.messaging.models import Message, Notification
from parta.messaging.services.messages import thread_start
from parta.people.models import StaffMember
from parta.people.services.guardians import guardianship_create
from parta.people.services.persons import person_update

pytestmark = pytest.mark.browser

#: where the guide's screenshots go when PARTA_DOC_SCREENSHOTS=1
DOC_IMAGES = Path(__file__).resolve().parents[3] / "docs" / "img"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def screenshot(page: Any, name: str) -> None:
    """The visible part of the page at CSS size (390 px wide on the phone), for the guide."""
    if os.environ.get("PARTA_DOC_SCREENSHOTS") == "1":
        page.screenshot(path=str(DOC_IMAGES / f"parent-{name}.png"), scale="css")


@dataclass
class Family:
    """School A's 5А in the third week of the year. The parent (Мария Соколова) of `first`
    (world.a.student, Пётр Соколов; first in the child switcher by surname) and `second`
    (world.a.other_student, Анна Соколова). Mathematics by the subject teacher (Ольга Орлова):
    this week a test (weight 2) marked «5» for Пётр on Monday and an oral answer (weight 1)
    marked «3» for Анна on Tuesday; last Thursday and Friday an oral answer and a test for
    both (Пётр «5», «4»; Анна «4», «5»). Russian by the class teacher (Анна Петрова) with a
    homework (a file attached) due on Wednesday, Анна absent. The class teacher's message to
    the parent."""

    world: World
    sw: SchoolWorld
    monday: datetime.date
    first: Any
    second: Any
    parent: Any
    class_teacher: Any
    thread: Any


def third_monday(sw: SchoolWorld) -> datetime.date:
    start = sw.year.start_date
    return start + datetime.timedelta(days=(7 - start.weekday()) % 7 + 14)


def morning(day: datetime.date) -> datetime.datetime:
    """10:00 in Moscow (the world's schools' time zone) on `day`."""
    return datetime.datetime(day.year, day.month, day.day, 7, 0, tzinfo=datetime.UTC)


def build_family(world: World, monday: datetime.date) -> Family:
    """Everything through the services, on the week's Wednesday (the time is already frozen
    there by the caller, so the teachers may still write the lessons of the last 7 days)."""
    sw = world.a
    school = sw.school
    director = Actor(user=sw.users["director"])
    class_teacher = sw.users["teacher"]
    subject_teacher_user = sw.users["teacher_no_class"]
    subject_teacher = StaffMember.objects.get(school=school, person__user=subject_teacher_user)
    as_class_teacher = Actor(user=class_teacher)
    as_subject_teacher = Actor(user=subject_teacher_user)

    # people's names as in a real school (the world's are made for access tests)
    names = {
        sw.student.person: ("Соколов", "Пётр", "Андреевич"),
        sw.other_student.person: ("Соколова", "Анна", "Андреевна"),
        sw.parent: ("Соколова", "Мария", "Ивановна"),
        sw.class_teacher.person: ("Петрова", "Анна", "Сергеевна"),
        subject_teacher.person: ("Орлова", "Ольга", "Николаевна"),
    }
    for person, (last, first, patronymic) in names.items():
        person_update(
            actor=director,
            person=person,
            data={"last_name": last, "first_name": first, "patronymic": patronymic},
        )
        person.refresh_from_db()
    # the parent of world.a.student also becomes the guardian of world.a.other_student
    guardianship_create(
        actor=director, student=sw.other_student, guardian=sw.parent, relation="mother"
    )

    test = f.WorkTypeFactory.create(
        school=school, name="Контрольная работа", abbreviation="КР", weight=Decimal("2")
    )
    oral = f.WorkTypeFactory.create(
        school=school, name="Ответ на уроке", abbreviation="ОУ", weight=Decimal("1")
    )
    homework = f.WorkTypeFactory.create(
        school=school,
        name="Домашнее задание",
        abbreviation="ДЗ",
        weight=Decimal("1"),
        is_homework=True,
    )
    math, russian = f.federal_subject("Математика"), f.federal_subject("Русский язык")

    def day(offset: int) -> datetime.date:
        return monday + datetime.timedelta(days=offset)

    def lesson(on: datetime.date, slot: int, subject: Any, teacher: Any) -> Any:
        start = datetime.time(8 + slot, 0)
        return f.LessonFactory.create(
            school_class=sw.school_class,
            school=school,
            academic_year=sw.year,
            room=sw.room,
            date=on,
            slot_number=slot,
            start_time=start,
            end_time=datetime.time(start.hour, 45),
            subject=subject,
            teacher=teacher,
        )

    def mark(assignment: Any, student: Any, value: str, comment: str = "") -> None:
        journal.mark_set(
            actor=as_subject_teacher,
            assignment=assignment,
            student=student,
            value=value,
            comment=comment,
            expected_version=None,
        )

    def math_lesson(on: datetime.date, topic: str) -> Any:
        found = lesson(on, 1, math, subject_teacher)
        journal.lesson_topic_set(actor=as_subject_teacher, lesson=found, topic=topic)
        return found

    # last week: an oral answer on Thursday, a test on Friday, for both children
    answer = journal.assignment_create(
        actor=as_subject_teacher, lesson=math_lesson(day(-4), "Обыкновенные дроби"), work_type=oral
    )
    mark(answer, sw.student, "5")
    mark(answer, sw.other_student, "4")
    quiz = journal.assignment_create(
        actor=as_subject_teacher,
        lesson=math_lesson(day(-3), "Сравнение дробей"),
        work_type=test,
        title="Самостоятельная работа",
    )
    mark(quiz, sw.student, "4")
    mark(quiz, sw.other_student, "5")

    # this week
    math_monday = math_lesson(day(0), "Сложение дробей")
    math_tuesday = math_lesson(day(1), "Вычитание дробей")
    math_lesson(day(3), "Сложение и вычитание дробей")
    russian_monday = lesson(day(0), 2, russian, sw.class_teacher)
    lesson(day(1), 2, russian, sw.class_teacher)
    journal.lesson_topic_set(
        actor=as_class_teacher, lesson=russian_monday, topic="Безударные гласные"
    )
    exercise = journal.assignment_create(
        actor=as_class_teacher,
        lesson=russian_monday,
        work_type=homework,
        title="Упражнение 12",
        text="Стр. 34, № 1–5",
        due_date=day(2),
    )
    journal.assignment_files_attach(
        actor=as_class_teacher,
        assignment=exercise,
        files=[SimpleUploadedFile("Карточка.pdf", PDF, content_type="application/pdf")],
    )
    monday_test = journal.assignment_create(
        actor=as_subject_teacher, lesson=math_monday, work_type=test, title="Дроби"
    )
    tuesday_answer = journal.assignment_create(
        actor=as_subject_teacher, lesson=math_tuesday, work_type=oral
    )
    mark(monday_test, sw.student, "5")
    mark(tuesday_answer, sw.other_student, "3", comment="Повторить правило")
    journal.attendance_set(
        actor=as_class_teacher,
        lesson=russian_monday,
        student=sw.other_student,
        code="н",
        expected_version=None,
    )
    thread = thread_start(
        actor=as_class_teacher,
        school=school,
        recipients=[sw.users["parent"]],
        subject="Экскурсия в пятницу",
        body="Мария Ивановна, подпишите, пожалуйста, согласие на экскурсию до четверга.",
    )
    return Family(
        world=world,
        sw=sw,
        monday=monday,
        first=sw.student,
        second=sw.other_student,
        parent=sw.users["parent"],
        class_teacher=class_teacher,
        thread=thread,
    )


def open_menu_link(page: Any, name: str) -> None:
    """On a phone the main menu is folded behind ☰: unfold it and follow `name`."""
    toggle = page.locator("label.nav-toggle-label")
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.locator("nav.mainnav").get_by_role("link", name=name, exact=True).click()


def test_a_parent_of_two_reads_the_diary_and_answers_the_teacher_on_a_phone(
    phone_page: Any, live_server: Any
) -> None:
    world = build_world()
    monday = third_monday(world.a)
    with time_machine.travel(morning(monday + datetime.timedelta(days=2)), tick=True):
        # given: a parent of two children in 5А, a week of lessons with a mark for each child
        # (different work types), and the class teacher's message to the parent
        family = build_family(world, monday)
        phone, base = phone_page, live_server.url
        school = family.sw.school
        # (the teacher is not told of her own message)
        assert not Notification.objects.filter(user=family.class_teacher).exists()

        # when: the parent logs in on her phone and opens the diary from the menu
        login(phone, base, family.parent.username)
        open_menu_link(phone, "Дневник")
        # then: the first child's week, today highlighted, the «5» of the test, no sideways scroll
        assert phone.url.endswith(reverse("diary:week", args=[school.pk]))
        expect(phone.get_by_test_id("today")).to_be_visible()
        expect(phone.locator("h1")).to_contain_text(family.first.person.short_name)
        expect(phone.locator(".d-children [aria-current='page']")).to_have_text(
            family.first.person.first_name
        )
        marks = phone.get_by_test_id("mark")
        expect(marks).to_have_count(1)
        expect(marks.first.locator(".d-value")).to_have_text("5")
        expect(phone.get_by_test_id("file").first).to_have_text("Карточка.pdf")
        assert stylesheets_loaded(phone)
        assert horizontal_overflow(phone) == 0
        screenshot(phone, "diary-week")

        # when: she switches to the other child
        children = phone.get_by_test_id("child")
        expect(children).to_have_count(2)
        second_url = reverse("diary:student_week", args=[school.pk, family.second.pk])
        with phone.expect_navigation():
            children.filter(has_text=family.second.person.first_name).click()
        # then: the second child's week with its «3», not the first child's «5»
        assert second_url in phone.url
        expect(phone.locator(".d-children [aria-current='page']")).to_have_text(
            family.second.person.first_name
        )
        expect(marks).to_have_count(1)
        expect(marks.first.locator(".d-value")).to_have_text("3")
        expect(phone.locator(".d-value", has_text="5")).to_have_count(0)
        expect(phone.get_by_test_id("attendance")).to_have_text("н")
        assert horizontal_overflow(phone) == 0

        # when: she taps the mark
        details = marks.first.get_by_test_id("mark-details")
        expect(details).to_be_hidden()
        marks.first.locator("summary").click()
        # then: its details name the work type and its weight, and the teacher's comment
        expect(details).to_be_visible()
        expect(details).to_contain_text("Ответ на уроке")
        expect(details.locator("dd").nth(1)).to_have_text("1")
        expect(details).to_contain_text("Повторить правило")
        assert horizontal_overflow(phone) == 0
        marks.first.scroll_into_view_if_needed()
        screenshot(phone, "mark-details")

        # when: she opens the second child's marks page
        with phone.expect_navigation():
            phone.get_by_test_id("marks-link").click()
        # then: her three marks in mathematics, the average (4 + 5 + 3) / 3 = 4 and the
        # weighted average (4·1 + 5·2 + 3·1) / 4 = 4.25, the chart, nothing wider than the phone
        expect(phone.locator(".mk-mark")).to_have_count(3)
        expect(phone.locator(".mk-avg")).to_have_text("4,00")
        expect(phone.locator(".mk-wavg")).to_have_text("4,25")
        expect(phone.locator("svg.mc-chart circle")).to_have_count(3)
        assert horizontal_overflow(phone) == 0
        screenshot(phone, "marks")

        # when: she opens Messages from the menu and the teacher's conversation
        open_menu_link(phone, "Сообщения")
        row = phone.get_by_test_id("thread")
        expect(row).to_have_count(1)
        expect(row).to_have_class("msg-thread is-unread")
        assert horizontal_overflow(phone) == 0
        with phone.expect_navigation():
            row.locator("a").click()
        expect(phone.get_by_test_id("message")).to_have_count(1)
        assert horizontal_overflow(phone) == 0
        # and types a reply and sends it
        reply = "Здравствуйте! Согласие подпишу и передам завтра."
        phone.locator("textarea[name=body]").fill(reply)
        with phone.expect_navigation():
            phone.get_by_test_id("reply").click()
        # then: the reply is shown in the conversation
        expect(phone.get_by_test_id("message")).to_have_count(2)
        expect(phone.get_by_test_id("message").last).to_contain_text(reply)
        assert horizontal_overflow(phone) == 0
        screenshot(phone, "thread")

        # and it is stored with the parent as its author, and the teacher is told exactly once
        message = Message.objects.get(thread=family.thread, body=reply)
        assert message.author_id == family.parent.pk
        told = Notification.objects.filter(user=family.class_teacher, kind="message")
        assert told.count() == 1
        assert told.get().url.endswith(
            reverse("messaging:thread_detail", args=[school.pk, family.thread.pk])
        )


def test_a_student_ticks_the_homework_and_reads_the_average(page: Any, live_server: Any) -> None:
    world = build_world()
    monday = third_monday(world.a)
    with time_machine.travel(morning(monday + datetime.timedelta(days=2)), tick=True):
        # given: the student's week with a homework and a «5» for a test (weight 2), after
        # last week's «5» for an oral answer (weight 1) and «4» for a test (weight 2)
        family = build_family(world, monday)
        student = family.sw.users["student"]

        # when: the student logs in on a desktop and opens the diary from the menu
        login(page, live_server.url, student.username)
        open_menu_link(page, "Дневник")
        # and ticks the homework done
        tick = page.get_by_test_id("homework-done").first
        expect(tick).to_have_attribute("aria-pressed", "false")
        tick.click()
        # then: the tick is swapped in place and stored
        expect(page.get_by_test_id("homework-done").first).to_have_attribute("aria-pressed", "true")
        assert HomeworkCompletion.objects.filter(student=family.first).count() == 1

        # when: the student opens «Marks and averages»
        with page.expect_navigation():
            page.get_by_test_id("marks-link").click()
        # then: mathematics shows the three marks, the average (5 + 4 + 5) / 3 = 4.67 and the
        # weighted average (5·1 + 4·2 + 5·2) / 5 = 4.6 (Russian decimal commas)
        expect(page.locator(".mk-mark")).to_have_count(3)
        expect(page.locator(".mk-avg")).to_have_text("4,67")
        expect(page.locator(".mk-wavg")).to_have_text("4,60")
