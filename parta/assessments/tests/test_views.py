import datetime
from typing import Any

from django.urls import reverse

from parta.assessments.models import AssessmentProcedure
from parta.core.models import AuditEvent
from parta.core.testing import factories as f
from parta.core.testing.matrix import ADMINS, EVERYONE, READ_WHOLE_SCHOOL, check_matrix

PLANNERS = ADMINS | {"teacher"}  # the teacher of the `aw` world teaches math to 5А


def _url(name, sw, *args):
    return reverse(f"assessments:{name}", args=[sw.school.pk, *args])


def _pk(aw, sw):
    return aw.procedures[sw.school.pk].pk


def test_schedule_matrix(client, aw):
    check_matrix(client, aw, lambda sw: _url("schedule", sw), allowed=EVERYONE)


def test_export_matrix(client, aw):
    check_matrix(client, aw, lambda sw: _url("export", sw), allowed=EVERYONE)


def test_violations_matrix(client, aw):
    check_matrix(
        client,
        aw,
        lambda sw: _url("violations", sw),
        allowed=READ_WHOLE_SCHOOL | {"teacher", "teacher_no_class"},
    )


def test_create_and_edit_pages_matrix(client, aw):
    check_matrix(client, aw, lambda sw: _url("create", sw), allowed=PLANNERS)
    check_matrix(client, aw, lambda sw: _url("edit", sw, _pk(aw, sw)), allowed=PLANNERS)
    check_matrix(client, aw, lambda sw: _url("delete", sw, _pk(aw, sw)), allowed=PLANNERS)


def _post_data(aw, sw, subject=None, day=None):
    return {
        "school_class": sw.school_class.pk,
        "subject": (subject or aw.history).pk,
        "date": (day or sw.day).isoformat(),
        "level": "school",
        "form": "test",
        "title": "Тест",
    }


def test_create_matrix_and_denied_requests_change_nothing(client, aw):
    # every planner of school A creates one procedure, each on its own date
    dates = iter(aw.a.day + datetime.timedelta(days=7 * n) for n in range(1, 40))
    before = AssessmentProcedure.objects.count()
    allowed_ok = []

    def url_for(sw):
        return _url("create", sw)

    for name in ("director", "teacher", "superuser"):
        client.force_login(aw.user(name))
        response = client.post(url_for(aw.a), _post_data(aw, aw.a, aw.math, next(dates)))
        assert response.status_code == 302, (name, response.content[:500])
        allowed_ok.append(name)
    assert AssessmentProcedure.objects.count() == before + 3
    # the others are refused in both schools and nothing is written
    before = AssessmentProcedure.objects.count()
    events = AuditEvent.objects.count()
    for name in ("hr_officer", "teacher_no_class", "student", "parent", "municipal_specialist"):
        client.force_login(aw.user(name))
        for sw in (aw.a, aw.b):
            response = client.post(url_for(sw), _post_data(aw, sw, aw.math, next(dates)))
            assert response.status_code in (403, 404), name
    assert AssessmentProcedure.objects.count() == before
    assert AuditEvent.objects.count() == events


def test_teacher_plans_only_own_class_and_subject(client, aw):
    # given the teacher of math in 5А
    client.force_login(aw.user("teacher"))
    # when they plan a history procedure
    response = client.post(_url("create", aw.a), _post_data(aw, aw.a, aw.history))
    # then the subject is not among the choices and nothing is written
    assert response.status_code == 200
    assert "subject" in response.context["form"].errors
    assert not AssessmentProcedure.objects.filter(subject=aw.history).exists()
    # and another class of the school is not offered either
    other = f.SchoolClassFactory.create(period_set=aw.a.period_set, grade=6, letter="В")
    response = client.get(_url("create", aw.a))
    classes = list(response.context["form"].fields["school_class"].queryset)
    assert classes == [aw.a.school_class]
    assert other not in classes


def test_teacher_cannot_edit_a_procedure_of_another_subject(client, aw):
    procedure = AssessmentProcedure.objects.create(
        school=aw.a.school,
        academic_year=aw.a.year,
        school_class=aw.a.school_class,
        subject=aw.history,
        date=aw.a.day,
    )
    client.force_login(aw.user("teacher"))
    assert client.get(_url("edit", aw.a, procedure.pk)).status_code == 403
    assert client.post(_url("delete", aw.a, procedure.pk)).status_code == 403
    assert AssessmentProcedure.objects.filter(pk=procedure.pk).exists()


def test_create_shows_the_violations_of_the_saved_procedure(client, aw):
    client.force_login(aw.user("deputy_director"))
    day = aw.a.day + datetime.timedelta(days=10)
    response = client.post(_url("create", aw.a), _post_data(aw, aw.a, aw.math, day), follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("are 10 days apart" in text for text in texts), texts


def test_create_refuses_a_date_outside_the_year_with_the_field_named(client, aw):
    client.force_login(aw.user("deputy_director"))
    day = aw.a.year.end_date + datetime.timedelta(days=3)
    response = client.post(_url("create", aw.a), _post_data(aw, aw.a, aw.math, day))
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        f"The date lies outside the academic year {aw.a.year.name}."
    ]


def test_form_lists_the_lessons_of_the_chosen_day(client, aw):
    client.force_login(aw.user("deputy_director"))
    response = client.get(
        _url("create", aw.a),
        {"school_class": aw.a.school_class.pk, "date": aw.a.day.isoformat()},
        headers={"HX-Request": "true"},
    )
    lessons = list(response.context["form"].fields["lesson"].queryset)
    assert lessons == aw.a.lessons


def test_edit_and_delete(client, aw):
    client.force_login(aw.user("teacher"))
    pk = _pk(aw, aw.a)
    data = _post_data(aw, aw.a, aw.math) | {"title": "Новая", "lesson": aw.a.lessons[1].pk}
    assert client.post(_url("edit", aw.a, pk), data).status_code == 302
    assert AssessmentProcedure.objects.get(pk=pk).title == "Новая"
    assert client.post(_url("delete", aw.a, pk)).status_code == 302
    assert not AssessmentProcedure.objects.filter(pk=pk).exists()


def test_other_schools_procedure_is_404(client, aw):
    client.force_login(aw.user("director"))
    assert client.get(_url("edit", aw.a, _pk(aw, aw.b))).status_code == 404


def test_schedule_filters_and_query_count(client, aw, django_assert_max_num_queries):
    sw = aw.a
    for letter in "БВГД":
        school_class = f.SchoolClassFactory.create(period_set=sw.period_set, grade=6, letter=letter)
        for week in range(3, 8):
            AssessmentProcedure.objects.create(
                school=sw.school,
                academic_year=sw.year,
                school_class=school_class,
                subject=aw.math,
                date=sw.day + datetime.timedelta(weeks=week),
            )
    client.force_login(aw.user("parent"))
    with django_assert_max_num_queries(20):
        response = client.get(_url("schedule", sw))
    assert len(response.context["rows"]) == 21
    response = client.get(_url("schedule", sw), {"grade": 5})
    assert len(response.context["rows"]) == 1
    assert "Контрольная работа №1" in response.content.decode()


def test_export_is_an_xlsx_grouped_by_class(client, aw):
    import io

    from openpyxl import load_workbook

    client.force_login(aw.user("student"))
    response = client.get(_url("export", aw.a))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet: Any = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("Class", "Subject", "Date", "Lesson")
    assert rows[2][0] == "5А"
    assert rows[2][1] == "Математика"
    assert rows[2][3] == 2
    assert rows[2][2].date() == aw.a.day


def test_violations_page_names_class_subject_dates_and_rule(
    client, aw, django_assert_max_num_queries
):
    # given a second math procedure of 5А ten days after the first, on the federal level
    sw = aw.a
    AssessmentProcedure.objects.create(
        school=sw.school,
        academic_year=sw.year,
        school_class=sw.school_class,
        subject=aw.math,
        date=sw.day + datetime.timedelta(days=10),
        level="federal",
    )
    client.force_login(aw.user("teacher"))
    # when the teacher opens the violations filtered by the school level
    with django_assert_max_num_queries(20):
        response = client.get(_url("violations", sw), {"level": "school"})
    # then the pair is listed all the same (every level counts), with the rule
    rules = sorted(v.rule for v, _text in response.context["violations"])
    assert rules == ["interval", "no_lesson", "share"]
    page = response.content.decode()
    assert "one subject at most once in 2.5 weeks" in page
    assert "are 10 days apart" in page


def test_plan_for_grade_page_matrix_and_write(client, aw):
    check_matrix(client, aw, lambda sw: _url("plan_grade", sw), allowed=ADMINS)
    data = {
        "grade": 5,
        "subject": aw.history.pk,
        "date": aw.a.day.isoformat(),
        "level": "federal",
        "form": "check_work",
        "title": "ВПР",
    }
    before = AssessmentProcedure.objects.count()
    for name in ("teacher", "hr_officer", "parent", "municipal_specialist"):
        client.force_login(aw.user(name))
        for sw in (aw.a, aw.b):
            assert client.post(_url("plan_grade", sw), data).status_code in (403, 404)
    assert AssessmentProcedure.objects.count() == before
    client.force_login(aw.user("deputy_director"))
    response = client.post(_url("plan_grade", aw.a), data, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "Planned for the classes: 5А." in texts
    assert AssessmentProcedure.objects.get(subject=aw.history).lesson == aw.a.lessons[2]
