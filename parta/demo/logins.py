"""The demo logins worth trying, one per role, read back from the database (so that
`seed_demo --if-empty` can print them again on later runs)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from parta.accounts.models import User
from parta.demo.plan import DEMO_PASSWORD
from parta.people.models import Enrollment, Guardianship, SchoolClass

URL = "http://127.0.0.1:8000"

#: Featured login → (role in Russian, what the person sees). `{name}` is filled from the data.
FEATURED: dict[str, tuple[str, str]] = {
    "admin": ("Системный администратор", "всё, включая административную панель /admin/"),
    "municipal": ("Специалист МОУО", "сводку по всем школам муниципалитета (только чтение)"),
    "director": ("Директор", "всю школу: классы, учеников, сотрудников, кабинеты, учебный год"),
    "deputy": ("Заместитель директора (завуч)", "всю школу: структуру и реестры"),
    "secretary": ("Секретарь", "реестры учеников и сотрудников, классы, кабинеты"),
    "hr": ("Специалист по кадрам", "школу и реестр сотрудников"),
    "teacher": ("Учитель (английский язык)", "свою школу как учитель без классного руководства"),
    "classteacher": ("Классный руководитель", "свой класс {name} и его учеников"),
    "student": ("Ученик", "себя и свой класс {name}"),
    "parent": ("Родитель", "своих детей: {name}"),
    "parent2schools": ("Родитель (дети в двух школах)", "детей в двух школах: {name}"),
}


@dataclass(frozen=True)
class DemoLogin:
    key: str
    role: str
    username: str
    password: str
    sees: str


def _detail(key: str, user: User) -> str:
    today = timezone.localdate()
    if key == "classteacher":
        led = (
            SchoolClass.objects.filter(class_teacher__person__user=user)
            .filter(academic_year__start_date__lte=today, academic_year__end_date__gte=today)
            .order_by("grade", "letter")
        )
        return ", ".join(c.name for c in led)
    if key == "student":
        row = (
            Enrollment.objects.filter(student__person__user=user)
            .active_on(today)
            .select_related("school_class")
            .first()
        )
        return row.school_class.name if row else ""
    if key in ("parent", "parent2schools"):
        links = (
            Guardianship.objects.filter(guardian__user=user)
            .select_related("student__person", "school")
            .order_by("student__person__birth_date")
        )
        return ", ".join(
            f"{link.student.person.first_name} ({link.school.short_name})" for link in links
        )
    return ""


def demo_logins() -> list[DemoLogin]:
    """The featured demo logins present in the database, in the order of FEATURED."""
    users = {u.username: u for u in User.objects.filter(username__in=list(FEATURED))}
    rows: list[DemoLogin] = []
    for key, (role, sees) in FEATURED.items():
        user = users.get(key)
        if user is None:
            continue
        if "{name}" in sees:
            sees = sees.format(name=_detail(key, user) or "—")
        rows.append(DemoLogin(key, role, key, DEMO_PASSWORD, sees))
    return rows


def format_table(rows: list[DemoLogin]) -> str:
    """A plain-text table for the terminal."""
    header = ("Роль", "Логин", "Пароль", "Что видит")
    cells = [header] + [(r.role, r.username, r.password, r.sees) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(3)]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(row[i].ljust(widths[i]) for i in range(3)) + "  " + row[3])
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
    return "\n".join(lines)
