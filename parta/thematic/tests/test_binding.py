from decimal import Decimal

import pytest

from parta.core.testing import factories as f
from parta.thematic.services import (
    TopicData,
    plan_bind,
    plans_bind_for_lessons,
    topic_add,
    topic_delete,
    topic_update,
)
from parta.thematic.tests.conftest import SYSTEM, Ktp, lessons, topics
from parta.timetable.models import Lesson


def _bound(plan_lessons: list[Lesson]) -> list[str | None]:
    fresh = {
        lesson.pk: lesson
        for lesson in Lesson.objects.filter(pk__in=[x.pk for x in plan_lessons]).select_related(
            "plan_topic"
        )
    }
    return [fresh[x.pk].plan_topic.title if fresh[x.pk].plan_topic else None for x in plan_lessons]


def test_topics_take_lessons_in_order_by_their_hours(ktp: Ktp) -> None:
    # given 5 lessons and topics of 1, 2 and 1 hours
    made = lessons(ktp.plan, 5)
    topics(ktp.plan, [1, 2, 1])
    # when the plan is bound
    result = plan_bind(actor=ktp.actor, plan=ktp.plan)
    # then the topics take 1 + 2 + 1 lessons in date order and the last lesson stays free
    assert _bound(made) == ["Тема 1", "Тема 2", "Тема 2", "Тема 3", None]
    assert (result.lessons, result.bound, result.free_lessons) == (5, 4, 1)
    assert result.unbound_topics == []


def test_lessons_of_one_day_follow_the_lesson_number(ktp: Ktp) -> None:
    day = ktp.year.start_date
    late = lessons(ktp.plan, 1, start=day, slot_number=5)[0]
    early = lessons(ktp.plan, 1, start=day, slot_number=1)[0]
    topics(ktp.plan, [1, 1])
    plan_bind(actor=ktp.actor, plan=ktp.plan)
    assert _bound([early, late]) == ["Тема 1", "Тема 2"]


def test_topics_beyond_the_lessons_are_reported(ktp: Ktp) -> None:
    made = lessons(ktp.plan, 2)
    made_topics = topics(ktp.plan, [1, 2, 1])
    result = plan_bind(actor=ktp.actor, plan=ktp.plan)
    assert _bound(made) == ["Тема 1", "Тема 2"]
    assert result.short_topics == [made_topics[1]]
    assert result.unbound_topics == [made_topics[2]]


def test_other_lessons_are_left_alone(ktp: Ktp) -> None:
    # given lessons of another subject, of a subgroup and of another class
    made = lessons(ktp.plan, 1)
    other_subject = lessons(ktp.plan, 1, subject=f.federal_subject("Русский язык"))
    group = f.StudyGroupFactory.create(school_class=ktp.school_class)
    group_lesson = lessons(ktp.plan, 1, school_class=None, study_group=group)
    other_class = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Я")
    other_class_lesson = lessons(ktp.plan, 1, school_class=other_class)
    topics(ktp.plan, [1, 1, 1, 1])
    plan_bind(actor=ktp.actor, plan=ktp.plan)
    assert _bound(made) == ["Тема 1"]
    assert _bound(other_subject + group_lesson + other_class_lesson) == [None, None, None]


def test_rebinding_after_lessons_change(ktp: Ktp) -> None:
    # given a bound plan
    made = lessons(ktp.plan, 4)
    topics(ktp.plan, [1, 1, 1])
    plan_bind(actor=ktp.actor, plan=ktp.plan)
    # when the second lesson is cancelled and a lesson is added before the first
    Lesson.objects.filter(pk=made[1].pk).update(status="cancelled")
    added = lessons(ktp.plan, 1, start=ktp.year.start_date)[0]
    Lesson.objects.filter(pk=added.pk).update(slot_number=1)
    result = plan_bind(actor=ktp.actor, plan=ktp.plan)
    # then the topics move along: the added lesson first, the cancelled one loses its topic
    assert _bound([added, made[0], made[1], made[2], made[3]]) == [
        "Тема 1",
        "Тема 2",
        None,
        "Тема 3",
        None,
    ]
    assert result.changed == 3


def test_rebinding_after_topics_change(ktp: Ktp) -> None:
    made = lessons(ktp.plan, 4)
    first, _second = topics(ktp.plan, [1, 1])
    plan_bind(actor=ktp.actor, plan=ktp.plan)
    # a topic added at the top, one made longer, one deleted: each change re-binds
    topic_add(actor=ktp.actor, plan=ktp.plan, data=TopicData(title="Вводный урок"), position=1)
    assert _bound(made) == ["Вводный урок", "Тема 1", "Тема 2", None]
    topic_update(actor=ktp.actor, topic=first, data={"hours": Decimal(2)})
    assert _bound(made) == ["Вводный урок", "Тема 1", "Тема 1", "Тема 2"]
    topic_delete(actor=ktp.actor, topic=first)
    assert _bound(made) == ["Вводный урок", "Тема 2", None, None]


def test_a_bind_that_changes_nothing_is_not_audited(ktp: Ktp) -> None:
    from parta.core.models import AuditEvent

    lessons(ktp.plan, 2)
    topics(ktp.plan, [1])
    plan_bind(actor=SYSTEM, plan=ktp.plan)
    count = AuditEvent.objects.count()
    result = plan_bind(actor=SYSTEM, plan=ktp.plan)
    assert result.changed == 0
    assert AuditEvent.objects.count() == count


@pytest.mark.django_db
def test_binding_costs_a_fixed_number_of_queries(django_assert_max_num_queries: object) -> None:
    ktp = Ktp()
    lessons(ktp.plan, 60)
    topics(ktp.plan, [1] * 50)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        plan_bind(actor=ktp.actor, plan=ktp.plan)


def test_lessons_changed_elsewhere_rebind_their_plans(ktp: Ktp) -> None:
    # given a bound plan and, later, a new lesson before the others (added by the timetable)
    made = lessons(ktp.plan, 2)
    topics(ktp.plan, [1, 1])
    plan_bind(actor=SYSTEM, plan=ktp.plan)
    added = lessons(ktp.plan, 1, start=ktp.year.start_date, slot_number=1)
    other_subject = lessons(ktp.plan, 1, subject=f.federal_subject("Музыка"))
    # when the code that changed the lessons asks for a re-bind
    count = plans_bind_for_lessons(actor=SYSTEM, lessons=added + other_subject)
    # then only the plan of those lessons is re-bound, in the new order
    assert count == 1
    assert _bound([added[0], *made]) == ["Тема 1", "Тема 2", None]
    assert plans_bind_for_lessons(actor=SYSTEM, lessons=[]) == 0


def test_moving_a_plan_to_another_class_frees_the_old_lessons(ktp: Ktp) -> None:
    from parta.thematic.services import plan_update

    made = lessons(ktp.plan, 2)
    topics(ktp.plan, [1, 1])
    plan_bind(actor=SYSTEM, plan=ktp.plan)
    other = f.SchoolClassFactory.create(period_set=ktp.school_class.period_set, letter="Б")
    plan_update(actor=SYSTEM, plan=ktp.plan, data={"school_class": other})
    assert _bound(made) == [None, None]
