"""Reads of messages: a user's conversations with unread counts (search, filters), one
conversation with its messages, and the address book of allowed recipients. Each read makes a
constant number of queries, whatever the number of threads, messages or people."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parta.accounts.access import access_for
from parta.accounts.choices import Role
from parta.core.validation import active_on
from parta.messaging import rules
from parta.messaging.models import Message, MessageAttachment, Thread, ThreadParticipant

#: Before every message (a participant who never opened the thread has read nothing).
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
#: Conversations per page of the list.
THREADS_PER_PAGE = 25
#: People per page of the address book.
CONTACTS_PER_PAGE = 50

#: Filters of the list: what `show=` accepts.
SHOW_INBOX = "inbox"
SHOW_UNREAD = "unread"
SHOW_ARCHIVED = "archived"
SHOW_ALL = "all"
SHOW_CHOICES = (SHOW_INBOX, SHOW_UNREAD, SHOW_ARCHIVED, SHOW_ALL)


def _variants(term: str) -> set[str]:
    """Spellings to try: SQLite folds the case of ASCII letters only, so «иванов» would not find
    «Иванов» there; PostgreSQL's `UPPER` folds Cyrillic itself."""
    return {term, term.lower(), term.upper(), term.capitalize()}


def search_q(value: str, fields: Iterable[str]) -> Q:
    """Every word of `value` occurs (in any usual letter case) in one of `fields`."""
    fields = tuple(fields)
    condition = Q()
    for term in value.split()[:10]:
        term_q = Q()
        for name in fields:
            for variant in _variants(term):
                term_q |= Q(**{f"{name}__icontains": variant})
        condition &= term_q
    return condition


def display_name(user: Any) -> str:
    """A user's name as people know it: the person's full name, else the account's."""
    if user is None:
        return str(_("(deleted user)"))
    person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None:
        return str(person.full_name)
    return str(user.get_full_name() or user.username)


def _has_person(user: Any) -> bool:
    try:
        return user.person is not None
    except Exception:  # RelatedObjectDoesNotExist: a login without a person card
        return False


# --- conversations ---------------------------------------------------------------------------
def _mine(user_id: int) -> QuerySet[ThreadParticipant]:
    return ThreadParticipant.objects.filter(thread_id=OuterRef("pk"), user_id=user_id)


def threads_for(user: Any, school: Any) -> QuerySet[Any]:
    """The user's conversations in the school (in every school for `None`), each annotated with `read_at` (the user's read
    mark), `is_archived` (the user's), `unread_count` (others' messages after the read mark)
    and `last_body` (the latest message's text)."""
    uid = access_for(user).user_id
    if uid is None:
        return Thread.objects.none()
    unread = (
        Message.objects.filter(thread_id=OuterRef("pk"), created_at__gt=OuterRef("read_at"))
        .exclude(author_id=uid)
        .order_by()
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    last = Message.objects.filter(thread_id=OuterRef("pk")).order_by("-created_at", "-pk")
    threads = Thread.objects.all() if school is None else Thread.objects.for_school(school)
    return (
        threads.visible_to(user)
        .annotate(
            read_at=Coalesce(Subquery(_mine(uid).values("last_read_at")[:1]), Value(EPOCH)),
            archived=Subquery(_mine(uid).values("is_archived")[:1]),
        )
        .annotate(
            unread_count=Coalesce(Subquery(unread), 0),
            last_body=Subquery(last.values("body")[:1]),
        )
    )


def thread_list(user: Any, school: Any, *, q: str = "", show: str = SHOW_INBOX) -> QuerySet[Thread]:
    """The conversations of the list page and the API: `show` is inbox (not archived), unread,
    archived or all; `q` a simple search (every word in the subject or in some message's text,
    `icontains`). Newest activity first; participants (with their names) prefetched."""
    threads = threads_for(user, school)
    if show == SHOW_ARCHIVED:
        threads = threads.filter(archived=True)
    elif show == SHOW_UNREAD:
        threads = threads.filter(unread_count__gt=0)
    elif show != SHOW_ALL:
        threads = threads.filter(archived=False)
    for term in q.split()[:10]:
        in_messages = Message.objects.filter(thread_id=OuterRef("pk")).filter(
            search_q(term, ["body"])
        )
        threads = threads.filter(search_q(term, ["subject"]) | Exists(in_messages))
    return threads.prefetch_related(
        Prefetch(
            "participants",
            queryset=ThreadParticipant.objects.select_related("user__person").order_by("pk"),
        )
    ).order_by("-last_message_at", "-pk")


def unread_threads_count(user: Any, school: Any) -> int:
    """How many of the user's conversations in the school hold unread messages (one query)."""
    return threads_for(user, school).filter(archived=False, unread_count__gt=0).count()


def thread_detail(user: Any, school: Any, thread_id: Any) -> Thread | None:
    """One of the user's conversations with its messages in order (authors, attachments) and
    participants prefetched; None when it is not the user's (or not the school's)."""
    try:
        pk = int(thread_id)
    except (TypeError, ValueError):
        return None
    return (
        threads_for(user, school)
        .filter(pk=pk)
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("author__person")
                .prefetch_related(
                    Prefetch("attachments", queryset=MessageAttachment.objects.order_by("pk"))
                )
                .order_by("created_at", "pk"),
            ),
            Prefetch(
                "participants",
                queryset=ThreadParticipant.objects.select_related("user__person").order_by("pk"),
            ),
        )
        .first()
    )


def attachment_for(user: Any, school: Any, attachment_id: Any) -> MessageAttachment | None:
    """An attachment of a message in one of the user's conversations of the school (of any
    school for `None`)."""
    uid = access_for(user).user_id
    if uid is None:
        return None
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        return None
    mine = ThreadParticipant.objects.filter(thread_id=OuterRef("message__thread_id"), user_id=uid)
    rows = MessageAttachment.objects.filter(pk=pk).filter(Exists(mine))
    if school is not None:
        rows = rows.filter(school_id=school if isinstance(school, int) else school.pk)
    return rows.first()


# --- the address book ------------------------------------------------------------------------
GROUP_CLASS_TEACHER = "class_teacher"
GROUP_ADMINISTRATION = "administration"
GROUP_TEACHERS = "teachers"
GROUP_STAFF = "staff"
GROUP_STUDENTS = "students"
GROUP_PARENTS = "parents"
GROUP_TITLES = {
    GROUP_CLASS_TEACHER: _("Class teacher"),
    GROUP_ADMINISTRATION: _("Administration"),
    GROUP_TEACHERS: _("Teachers"),
    GROUP_STAFF: _("Staff"),
    GROUP_STUDENTS: _("Students"),
    GROUP_PARENTS: _("Parents"),
}
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.DIRECTOR, Role.DEPUTY_DIRECTOR, Role.SECRETARY})


@dataclass
class Contact:
    """A person the user may write to, with what tells them apart (subjects, class, children)."""

    user_id: int
    name: str
    group: str
    details: list[str] = field(default_factory=list)


@dataclass
class ContactGroup:
    key: str
    title: str
    contacts: list[Contact]


@dataclass
class AddressBook:
    groups: list[ContactGroup]
    page: Page[Any]
    total: int


def recipients_queryset(user: Any, school: Any, q: str = "") -> QuerySet[Any]:
    """The users `user` may write to in `school`, by name (`q` searches every word in the
    person's names and the login)."""
    from parta.accounts.models import User

    users = User.objects.filter(rules.allowed_recipients_q(user, school))
    if q.strip():
        users = users.filter(
            search_q(
                q,
                [
                    "person__last_name",
                    "person__first_name",
                    "person__patronymic",
                    "last_name",
                    "first_name",
                    "username",
                ],
            )
        )
    return users.select_related("person").order_by(
        F("person__last_name").asc(nulls_last=True),
        F("person__first_name").asc(nulls_last=True),
        "last_name",
        "username",
        "pk",
    )


def _class_name(grade: int | None, letter: str | None) -> str:
    return f"{grade}{letter}" if grade else ""


def _this_year(prefix: str) -> Q:
    """Rows of the academic year containing today."""
    today = timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today, f"{prefix}end_date__gte": today})


def describe(user: Any, school: Any, users: list[Any]) -> list[Contact]:
    """Contacts for `users` (one page), in their order: five queries whatever their number."""
    from parta.accounts.models import RoleAssignment
    from parta.curriculum.models import TeachingAssignment
    from parta.people.models import Enrollment, Guardianship, SchoolClass

    school_id = school if isinstance(school, int) else school.pk
    ids = [u.pk for u in users]
    if not ids:
        return []
    access = access_for(user)
    uid = access.user_id or 0
    roles: dict[int, set[str]] = defaultdict(set)
    for user_id, role in RoleAssignment.objects.filter(
        organization_id=school_id, user_id__in=ids
    ).values_list("user_id", "role"):
        roles[user_id].add(role)

    # whose own (or children's) classes and groups the writer is asking about
    writer_roles = access.roles_in(school_id)
    family = bool(writer_roles & {Role.PARENT, Role.STUDENT}) and not access.is_school_admin(
        school_id
    )
    mine = rules.own_students(uid, school_id)
    load = TeachingAssignment.objects.filter(
        school_id=school_id, teacher__person__user_id__in=ids
    ).filter(_this_year("academic_year__"))
    if family:
        load = load.filter(
            Q(school_class_id__in=rules.current_classes(mine))
            | Q(study_group_id__in=rules.current_groups(mine))
        )
    subjects: dict[int, list[str]] = defaultdict(list)
    for user_id, subject, grade, letter, group in (
        load.order_by("subject__name", "school_class__grade", "school_class__letter", "pk")
        .values_list(
            "teacher__person__user_id",
            "subject__name",
            "school_class__grade",
            "school_class__letter",
            "study_group__name",
        )
        .distinct()
    ):
        where = _class_name(grade, letter) or group or ""
        text = f"{subject} ({where})" if where else str(subject)
        if text not in subjects[user_id]:
            subjects[user_id].append(text)

    led: dict[int, list[str]] = defaultdict(list)
    led_mine: set[int] = set()
    my_classes = rules.current_classes(mine)
    for user_id, grade, letter, is_mine in (
        SchoolClass.objects.filter(
            school_id=school_id,
            class_teacher__person__user_id__in=ids,
        )
        .filter(_this_year("academic_year__"))
        .annotate(is_mine=Exists(my_classes.filter(school_class_id=OuterRef("pk"))))
        .order_by("grade", "letter")
        .values_list("class_teacher__person__user_id", "grade", "letter", "is_mine")
    ):
        led[user_id].append(_class_name(grade, letter))
        if is_mine and family:
            led_mine.add(user_id)

    student_classes: dict[int, list[str]] = defaultdict(list)
    for user_id, grade, letter in (
        Enrollment.objects.filter(
            active_on(), school_id=school_id, student__person__user_id__in=ids
        )
        .order_by("start_date")
        .values_list("student__person__user_id", "school_class__grade", "school_class__letter")
    ):
        student_classes[user_id].append(_class_name(grade, letter))

    children: dict[int, list[str]] = defaultdict(list)
    current = Enrollment.objects.filter(active_on(), student_id=OuterRef("student_id"))
    for user_id, last, first, grade, letter in (
        Guardianship.objects.filter(school_id=school_id, guardian__user_id__in=ids)
        .annotate(
            grade=Subquery(current.values("school_class__grade")[:1]),
            letter=Subquery(current.values("school_class__letter")[:1]),
        )
        .order_by("student__person__last_name", "student__person__first_name", "pk")
        .values_list(
            "guardian__user_id",
            "student__person__last_name",
            "student__person__first_name",
            "grade",
            "letter",
        )
    ):
        name = f"{last} {first}".strip()
        klass = _class_name(grade, letter)
        children[user_id].append(f"{name}, {klass}" if klass else name)

    contacts: list[Contact] = []
    for person in users:
        held = roles.get(person.pk, set())
        details: list[str] = []
        if person.pk in led_mine:
            group = GROUP_CLASS_TEACHER
        elif held & ADMIN_ROLES:
            group = GROUP_ADMINISTRATION
        elif Role.TEACHER in held:
            group = GROUP_TEACHERS
        elif held & rules.COLLEAGUE_ROLES:
            group = GROUP_STAFF
        elif Role.STUDENT in held:
            group = GROUP_STUDENTS
        else:
            group = GROUP_PARENTS
        if held & ADMIN_ROLES or group == GROUP_STAFF:
            details += [str(Role(role).label) for role in sorted(held & rules.COLLEAGUE_ROLES)]
        for name in led.get(person.pk, []):
            details.append(str(_("class teacher of %(name)s") % {"name": name}))
        details += subjects.get(person.pk, [])
        if Role.STUDENT in held:
            details += [
                str(_("class %(name)s") % {"name": name})
                for name in student_classes.get(person.pk, [])
            ]
        if children.get(person.pk):
            details.append(
                str(_("parent of %(children)s") % {"children": "; ".join(children[person.pk])})
            )
        contacts.append(
            Contact(user_id=person.pk, name=display_name(person), group=group, details=details)
        )
    return contacts


def group_contacts(contacts: list[Contact]) -> list[ContactGroup]:
    """Contacts in the groups of the address book, in the groups' order."""
    by_group: dict[str, list[Contact]] = defaultdict(list)
    for contact in contacts:
        by_group[contact.group].append(contact)
    return [
        ContactGroup(key=key, title=str(title), contacts=by_group[key])
        for key, title in GROUP_TITLES.items()
        if by_group.get(key)
    ]


def address_book(user: Any, school: Any, *, q: str = "", page: Any = 1) -> AddressBook:
    """One page of the people the user may write to, grouped (administration, class teacher,
    teachers with their subjects, other staff, students with their class, parents with their
    children), searchable by name: seven queries whatever the page holds."""
    paginator = Paginator(recipients_queryset(user, school, q), CONTACTS_PER_PAGE)
    current = paginator.get_page(page)
    contacts = describe(user, school, list(current.object_list))
    return AddressBook(groups=group_contacts(contacts), page=current, total=paginator.count)


def contacts_by_ids(user: Any, school: Any, ids: Iterable[int]) -> list[Contact]:
    """The allowed recipients among `ids` (the compose form's chosen people), by name."""
    wanted = sorted({int(pk) for pk in ids})
    if not wanted:
        return []
    users = list(recipients_queryset(user, school).filter(pk__in=wanted))
    return describe(user, school, users)
