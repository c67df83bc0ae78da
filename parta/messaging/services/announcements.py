"""Announcements: published by the administration to any audience of its school, by a teacher
to the classes they lead or teach (`messaging.rules_announcements`). Each write is validated
first, done in one transaction and audited as "messaging.announcement" with the `after`
snapshot the notifications read. Attachments are checked (`parta.core.files.validate_upload`)
before any is stored; a refusal stores nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parta.core.context import Actor
from parta.core.files import (
    CleanUpload,
    delete_stored,
    delete_stored_on_commit,
    store_upload,
    validate_uploads,
)
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.messaging import rules_announcements as rules
from parta.messaging.choices import AudienceScope
from parta.messaging.models import Announcement, AnnouncementAttachment

#: At most this many files per announcement.
MAX_ATTACHMENTS = 10
OBJECT_TYPE = "messaging.announcement"


@dataclass(frozen=True)
class Audience:
    """A validated audience (grade and class only where the scope needs them)."""

    scope: str
    grade: int | None
    school_class_id: int | None
    for_staff: bool
    for_students: bool
    for_parents: bool

    def as_fields(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "grade": self.grade,
            "school_class_id": self.school_class_id,
            "for_staff": self.for_staff,
            "for_students": self.for_students,
            "for_parents": self.for_parents,
        }


def actor_user(actor: Actor) -> Any:
    user = actor.user
    return user if user is not None and user.is_authenticated else None


def clean_audience(
    *,
    actor: Actor,
    school: Any,
    scope: str,
    grade: int | None,
    school_class: Any,
    for_staff: bool,
    for_students: bool,
    for_parents: bool,
) -> Audience:
    """The audience checked: a known scope; a grade 1–11; a class of the school and its
    current year; at least one kind of people; one the actor may address."""
    from parta.people.selectors import current_year

    if scope not in AudienceScope.values:
        raise ValidationError({"scope": _("Choose who the audience is.")}, code="scope")
    class_id: int | None = None
    if scope == AudienceScope.GRADE:
        if grade is None or not 1 <= int(grade) <= 11:
            raise ValidationError({"grade": _("The grade is a number from 1 to 11.")}, code="grade")
        grade = int(grade)
    else:
        grade = None
    if scope == AudienceScope.CLASS:
        if school_class is None:
            raise ValidationError({"school_class": _("Choose the class.")}, code="class")
        if school_class.school_id != school.pk:
            raise ValidationError(
                {"school_class": _("The class belongs to another school.")}, code="class_school"
            )
        year = current_year(school)
        if year is None or school_class.academic_year_id != year.pk:
            raise ValidationError(
                {"school_class": _("Choose a class of the current academic year.")},
                code="class_year",
            )
        class_id = school_class.pk
    if not (for_staff or for_students or for_parents):
        raise ValidationError(
            _("Choose who the audience is: staff, students or parents."), code="people"
        )
    if not rules.may_publish_to(
        actor_user(actor), school, scope=scope, school_class_id=class_id, for_staff=for_staff
    ):
        raise ValidationError(
            _(
                "You may address only students and parents of the classes you lead or teach; "
                "the school administration addresses the whole school and the staff."
            ),
            code="forbidden",
        )
    return Audience(
        scope=scope,
        grade=grade,
        school_class_id=class_id,
        for_staff=bool(for_staff),
        for_students=bool(for_students),
        for_parents=bool(for_parents),
    )


def require_text(title: str, body: str | None, *, body_field: str = "body") -> None:
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Enter the title.")
    if body is not None and not body.strip():
        errors[body_field] = _("Enter the text.")
    if errors:
        raise ValidationError(errors, code="required")


def school_aware(value: datetime.datetime, school: Any) -> datetime.datetime:
    """A naive datetime read as the school's wall-clock time; an aware one kept."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, ZoneInfo(school.timezone))
    return value


def _window(
    school: Any,
    publish_from: datetime.datetime | None,
    publish_until: datetime.datetime | None,
) -> tuple[datetime.datetime, datetime.datetime | None]:
    start = school_aware(publish_from, school) if publish_from else timezone.now()
    if publish_until is not None:
        publish_until = school_aware(publish_until, school)
    if publish_until is not None and publish_until <= start:
        raise ValidationError(
            {"publish_until": _("The end of the publication must be after its start.")},
            code="window",
        )
    return start, publish_until


def _require_room(present: int, adding: int) -> None:
    if present + adding > MAX_ATTACHMENTS:
        raise ValidationError(
            ngettext(
                "An announcement holds at most %(max)s file.",
                "An announcement holds at most %(max)s files.",
                MAX_ATTACHMENTS,
            )
            % {"max": MAX_ATTACHMENTS},
            code="too_many",
        )


def _store(
    announcement: Announcement,
    files: Sequence[Any],
    cleaned: Sequence[CleanUpload],
    stored_names: list[str],
) -> None:
    for upload, clean in zip(files, cleaned, strict=True):
        row = AnnouncementAttachment(
            school_id=announcement.school_id,
            announcement=announcement,
            name=clean.name,
            size=clean.size,
            content_type=clean.content_type,
        )
        store_upload(row, upload, clean, stored_names)
        row.save()


def announcement_snapshot(announcement: Announcement) -> dict[str, Any]:
    """The announcement for the audit log, with the names of its files."""
    data = snapshot(announcement)
    data["attachments"] = list(
        AnnouncementAttachment.objects.filter(announcement_id=announcement.pk)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    return data


def _require_publisher(actor: Actor, school: Any) -> None:
    if not rules.may_publish(actor_user(actor), school):
        raise ValidationError(
            _("You may not publish announcements in this school."), code="forbidden"
        )


def announcement_create(
    *,
    actor: Actor,
    school: Any,
    title: str,
    body: str,
    scope: str = AudienceScope.SCHOOL,
    grade: int | None = None,
    school_class: Any = None,
    for_staff: bool = True,
    for_students: bool = True,
    for_parents: bool = True,
    publish_from: datetime.datetime | None = None,
    publish_until: datetime.datetime | None = None,
    files: Sequence[Any] = (),
) -> Announcement:
    """Publish an announcement (from `publish_from`, now by default, until `publish_until`
    if given) with up to `MAX_ATTACHMENTS` files."""
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            _require_publisher(actor, school)
            require_text(title, body)
            audience = clean_audience(
                actor=actor,
                school=school,
                scope=scope,
                grade=grade,
                school_class=school_class,
                for_staff=for_staff,
                for_students=for_students,
                for_parents=for_parents,
            )
            start, until = _window(school, publish_from, publish_until)
            _require_room(0, len(files))
            cleaned = validate_uploads(files)
            announcement = Announcement.objects.create(
                school=school,
                author=actor_user(actor),
                title=title.strip(),
                body=body.strip(),
                publish_from=start,
                publish_until=until,
                **audience.as_fields(),
            )
            _store(announcement, files, cleaned, stored_names)
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=announcement,
                object_type=OBJECT_TYPE,
                after=announcement_snapshot(announcement),
            )
            return announcement
    except BaseException:
        delete_stored(AnnouncementAttachment, stored_names)
        raise


def _locked(school: Any, announcement: Announcement) -> Announcement:
    stored = (
        Announcement.objects.select_for_update()
        .filter(pk=announcement.pk, school_id=school.pk)
        .select_related("school")
        .first()
    )
    if stored is None:
        raise ValidationError(_("The announcement has been deleted."), code="gone")
    return stored


def _require_changer(actor: Actor, item: Announcement) -> None:
    if not rules.may_change(actor_user(actor), item):
        raise ValidationError(_("You may not change this announcement."), code="forbidden")


def announcement_update(
    *,
    actor: Actor,
    school: Any,
    announcement: Announcement,
    title: str,
    body: str,
    scope: str,
    grade: int | None = None,
    school_class: Any = None,
    for_staff: bool,
    for_students: bool,
    for_parents: bool,
    publish_from: datetime.datetime | None,
    publish_until: datetime.datetime | None = None,
    files: Sequence[Any] = (),
    remove_attachment_ids: Iterable[int] = (),
) -> Announcement:
    """Change an announcement: its text, audience and window; add files, remove files."""
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            stored = _locked(school, announcement)
            _require_changer(actor, stored)
            require_text(title, body)
            audience = clean_audience(
                actor=actor,
                school=school,
                scope=scope,
                grade=grade,
                school_class=school_class,
                for_staff=for_staff,
                for_students=for_students,
                for_parents=for_parents,
            )
            start, until = _window(school, publish_from or stored.publish_from, publish_until)
            removing = list(
                AnnouncementAttachment.objects.filter(
                    announcement_id=stored.pk, pk__in=list(remove_attachment_ids)
                )
            )
            present = AnnouncementAttachment.objects.filter(announcement_id=stored.pk).count()
            _require_room(present - len(removing), len(files))
            cleaned = validate_uploads(files)
            before = announcement_snapshot(stored)
            stored.title = title.strip()
            stored.body = body.strip()
            stored.publish_from = start
            stored.publish_until = until
            for name, value in audience.as_fields().items():
                setattr(stored, name, value)
            stored.save(
                update_fields=[
                    "title",
                    "body",
                    "publish_from",
                    "publish_until",
                    *audience.as_fields(),
                    "updated_at",
                ]
            )
            removed_names = [row.file.name for row in removing]
            AnnouncementAttachment.objects.filter(pk__in=[row.pk for row in removing]).delete()
            _store(stored, files, cleaned, stored_names)
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                instance=stored,
                object_type=OBJECT_TYPE,
                before=before,
                after=announcement_snapshot(stored),
            )
            delete_stored_on_commit(AnnouncementAttachment, removed_names)
            return stored
    except BaseException:
        delete_stored(AnnouncementAttachment, stored_names)
        raise


@transaction.atomic
def announcement_delete(*, actor: Actor, school: Any, announcement: Announcement) -> None:
    """Delete an announcement and its files (the stored files go after the commit)."""
    stored = _locked(school, announcement)
    _require_changer(actor, stored)
    before = announcement_snapshot(stored)
    names = list(
        AnnouncementAttachment.objects.filter(announcement_id=stored.pk).values_list(
            "file", flat=True
        )
    )
    object_id, object_repr = stored.pk, str(stored)
    stored.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        school_id=school.pk,
        object_type=OBJECT_TYPE,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
    )
    delete_stored_on_commit(AnnouncementAttachment, names)
