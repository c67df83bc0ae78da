"""Final marks: the scale, who may set them (subject teacher, class teacher when allowed, the
administration), the study period of the year, closed periods, versions and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.journal.choices import FinalMarkKind
from parta.journal.models import FinalMark
from parta.journal.services import (
    StaleEdit,
    final_mark_delete,
    final_mark_set,
    journal_settings_for,
    period_close,
)
from parta.journal.tests.test_services_rig import Rig


def first_period(rig: Rig) -> Any:
    return rig.school_class.period_set.periods.get(number=1)


def set_final(rig: Rig, value: str = "5", **kwargs: Any) -> FinalMark:
    values: dict[str, Any] = {
        "actor": rig.teacher_actor,
        "student": rig.student,
        "subject": rig.subject,
        "kind": FinalMarkKind.PERIOD,
        "study_period": first_period(rig),
        "academic_year": rig.year,
        "value": value,
        "expected_version": None,
    }
    values.update(kwargs)
    return final_mark_set(**values)


def events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(object_type="journal.finalmark").order_by("pk"))


@pytest.mark.parametrize(
    ("typed", "stored"), [("5", "5"), (" 3 ", "3"), ("Н/А", "н/а"), ("осв", "осв")]
)
def test_final_mark_set_stores_the_value_as_the_scale_spells_it(
    rig: Rig, typed: str, stored: str
) -> None:
    mark = set_final(rig, typed)
    mark.refresh_from_db()
    assert (mark.value, mark.version, mark.school_id) == (stored, 1, rig.school.pk)
    assert mark.academic_year_id == rig.year.pk
    assert [e.action for e in events()] == [AuditEvent.Action.CREATE]


@pytest.mark.parametrize("typed", ["6", "", "5/4", "abc"])
def test_final_mark_set_refuses_a_value_outside_the_scale(rig: Rig, typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        set_final(rig, typed)
    assert error.value.code == "scale"
    assert not FinalMark.objects.exists()


@pytest.mark.parametrize("kind", [FinalMarkKind.YEAR, FinalMarkKind.EXAM, FinalMarkKind.FINAL])
def test_year_exam_and_final_marks_take_no_period(rig: Rig, kind: str) -> None:
    mark = set_final(rig, "4", kind=kind, study_period=None)
    assert (mark.kind, mark.study_period_id, mark.academic_year_id) == (kind, None, rig.year.pk)
    with pytest.raises(ValidationError) as error:
        set_final(rig, "4", kind=kind)
    assert error.value.code == "period"
    assert FinalMark.objects.count() == 1


def test_a_period_mark_needs_its_period(rig: Rig) -> None:
    with pytest.raises(ValidationError) as error:
        set_final(rig, study_period=None)
    assert error.value.code == "period"
    assert not FinalMark.objects.exists()


def test_a_period_of_another_year_is_refused(rig: Rig) -> None:
    other_set = f.PeriodSetFactory.create(
        academic_year__school=rig.school,
        academic_year__start_date=rig.year.start_date.replace(year=rig.year.start_date.year + 1),
        academic_year__end_date=rig.year.end_date.replace(year=rig.year.end_date.year + 1),
        academic_year__name="next",
    )
    with pytest.raises(ValidationError) as error:
        set_final(rig, study_period=other_set.periods.get(number=1))
    assert error.value.code == "period"
    assert not FinalMark.objects.exists()


def test_another_schools_student_is_refused(rig: Rig) -> None:
    other = Rig()
    with pytest.raises(ValidationError) as error:
        set_final(rig, student=other.student)
    assert error.value.code == "school"
    assert not FinalMark.objects.exists()


@pytest.mark.parametrize("who", ["other_user", "sub_user", "secretary_user"])
def test_final_mark_set_is_refused_for_those_who_do_not_teach_the_subject(
    rig: Rig, who: str
) -> None:
    with pytest.raises(ValidationError) as error:
        set_final(rig, actor=Actor(user=getattr(rig, who)))
    assert error.value.code == "forbidden"
    assert not FinalMark.objects.exists()
    assert not events()


def test_another_schools_deputy_is_refused(rig: Rig) -> None:
    other = Rig()
    with pytest.raises(ValidationError) as error:
        set_final(rig, actor=other.deputy_actor)
    assert error.value.code == "forbidden"
    assert not FinalMark.objects.exists()


def test_the_class_teacher_sets_final_marks_only_when_the_school_allows(rig: Rig) -> None:
    # given the class teacher (other_teacher) of 5А, who does not teach the subject
    with pytest.raises(ValidationError):
        set_final(rig, actor=rig.other_actor)
    # when the school allows class teachers to set final marks
    settings = journal_settings_for(rig.school)
    settings.class_teacher_final_marks = True
    settings.save()
    # then the class teacher may
    assert set_final(rig, actor=rig.other_actor).value == "5"


def test_the_deputy_sets_any_final_mark(rig: Rig) -> None:
    assert set_final(rig, "3", actor=rig.deputy_actor).value == "3"


def test_a_closed_period_refuses_a_teacher_and_allows_the_deputy(rig: Rig) -> None:
    period_close(actor=rig.deputy_actor, study_period=first_period(rig))
    with pytest.raises(ValidationError) as error:
        set_final(rig)
    assert error.value.code == "closed"
    assert not FinalMark.objects.exists()
    assert set_final(rig, "4", actor=rig.deputy_actor).value == "4"
    # the year mark is not a mark of the closed period
    assert set_final(rig, "4", kind=FinalMarkKind.YEAR, study_period=None).value == "4"


def test_versions_refuse_a_stale_save_and_count_changes(rig: Rig) -> None:
    mark = set_final(rig, "5")
    # a second "first" save is stale
    with pytest.raises(StaleEdit) as error:
        set_final(rig, "4")
    assert error.value.current.pk == mark.pk
    changed = set_final(rig, "4", expected_version=1, comment="пересдача")
    assert (changed.value, changed.comment, changed.version) == ("4", "пересдача", 2)
    # the same value again changes nothing and records nothing
    same = set_final(rig, "4", expected_version=2, comment="пересдача")
    assert same.version == 2
    assert [e.action for e in events()] == [AuditEvent.Action.CREATE, AuditEvent.Action.UPDATE]
    assert events()[1].before == {"value": "5", "comment": "", "version": 1}
    with pytest.raises(StaleEdit):
        set_final(rig, "3", expected_version=1)
    mark.refresh_from_db()
    assert (mark.value, mark.version) == ("4", 2)


def test_final_mark_delete_removes_it_with_one_audit_event(rig: Rig) -> None:
    # given a period mark the teacher set by mistake
    mark = set_final(rig, "4")
    # when the teacher removes it with the version they saw
    final_mark_delete(actor=rig.teacher_actor, final_mark=mark, expected_version=1)
    # then it is gone and the history holds its value
    assert not FinalMark.objects.exists()
    assert [e.action for e in events()] == [AuditEvent.Action.CREATE, AuditEvent.Action.DELETE]
    removed = events()[1].before
    assert removed is not None
    assert removed["value"] == "4"


def test_final_mark_delete_refuses_a_stale_version_and_changes_nothing(rig: Rig) -> None:
    # given a mark changed by someone else since the editor saw it
    mark = set_final(rig, "4")
    set_final(rig, "5", expected_version=1)
    # when the editor removes it with the old version
    with pytest.raises(StaleEdit) as error:
        final_mark_delete(actor=rig.teacher_actor, final_mark=mark, expected_version=1)
    # then the refusal shows the stored value and the mark stays
    assert error.value.current.value == "5"
    assert FinalMark.objects.get().value == "5"


def test_final_mark_delete_follows_the_write_rule_and_closed_periods(rig: Rig) -> None:
    # given a period mark in a period the deputy then closes
    mark = set_final(rig, "3")
    other = Actor(user=f.UserFactory())
    # when someone who does not teach the subject removes it: refused
    with pytest.raises(ValidationError) as forbidden:
        final_mark_delete(actor=other, final_mark=mark, expected_version=1)
    assert forbidden.value.code == "forbidden"
    period_close(actor=rig.deputy_actor, study_period=first_period(rig))
    # the teacher may no longer remove a closed period's mark
    with pytest.raises(ValidationError) as closed:
        final_mark_delete(actor=rig.teacher_actor, final_mark=mark, expected_version=1)
    assert closed.value.code == "closed"
    assert FinalMark.objects.exists()
    # the deputy may
    final_mark_delete(actor=rig.deputy_actor, final_mark=mark, expected_version=1)
    assert not FinalMark.objects.exists()
