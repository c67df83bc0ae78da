"""The whole journey through the pages, as the browser test drives it: a school administrator
creates a class, registers and enrolls a student, adds a parent and prints the parent's login;
the parent logs in, changes the temporary password and sees the child on the home page."""

from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from parta.people.models import Guardianship, SchoolClass, Student

NEW_PASSWORD = "Sunflower-river-2048"


def test_admin_to_parent_journey(world):
    cache.clear()
    sw = world.a
    s = sw.school.pk
    admin = Client()
    admin.force_login(world.user("secretary"))

    # 1. a class
    response = admin.post(
        reverse("people:class_create", args=[s]),
        {
            "grade": "7",
            "letter": "В",
            "academic_year": sw.year.pk,
            "class_teacher": sw.class_teacher.pk,
            "home_room": sw.room.pk,
            "period_set": sw.period_set.pk,
            "extra_holiday_set": "",
            "profile": "",
        },
    )
    school_class = SchoolClass.objects.get(school=sw.school, grade=7, letter="В")
    assert response["Location"] == reverse("people:class_detail", args=[s, school_class.pk])

    # 2. a student without a class, then enrolled from the class page
    admin.post(
        reverse("people:student_create", args=[s]),
        {
            "last_name": "Соколова",
            "first_name": "Вера",
            "patronymic": "Андреевна",
            "birth_date": "2013-05-17",
            "sex": "f",
            "personal_file_number": "С/12",
            "admission_date": sw.year.start_date.isoformat(),
            "school_class": "",
        },
    )
    student = Student.objects.get(personal_file_number="С/12")
    enroll_url = reverse("people:class_enroll", args=[s, school_class.pk])
    response = admin.post(
        enroll_url, {"student": student.pk, "start_date": sw.year.start_date.isoformat()}
    )
    assert response.status_code == 302
    page = admin.get(reverse("people:class_detail", args=[s, school_class.pk]))
    assert student.person.full_name in page.content.decode()

    # 3. a new parent, and the parent's login printed once
    admin.post(
        reverse("people:guardian_add", args=[s, student.pk]),
        {
            "mode": "new",
            "last_name": "Соколов",
            "first_name": "Андрей",
            "patronymic": "Ильич",
            "relation": "father",
            "is_legal_representative": "on",
        },
    )
    father = Guardianship.objects.get(student=student).guardian
    create_url = reverse("people:login_create", args=[s, father.pk])
    username = admin.get(create_url).context["sections"][0][1].initial["username"]
    assert username == "sokolov.ai"
    sheet = admin.post(create_url, {"username": username})
    password = sheet.context["cards"][0].password
    assert password in sheet.content.decode()

    # 4. the parent logs in, must change the password, then sees the child
    parent = Client()
    response = parent.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302
    response = parent.get(reverse("people:home", args=[s]))
    assert response["Location"] == reverse("accounts:password_change")
    response = parent.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    home = parent.get(reverse("accounts:home"), follow=True)
    html = home.content.decode()
    assert home.request["PATH_INFO"] == reverse("people:home", args=[s])
    assert "Соколова Вера Андреевна" in html
    assert "7В" in html
    card = parent.get(reverse("people:student_detail", args=[s, student.pk]))
    assert card.status_code == 200
    other = parent.get(reverse("people:student_detail", args=[s, sw.student.pk]))
    assert other.status_code == 404
