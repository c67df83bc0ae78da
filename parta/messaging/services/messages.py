"""Messages between people: start a conversation, reply, mark read, archive.

Everything is checked before anything is written: the recipients (`messaging.rules`: one
forbidden recipient refuses the whole message, naming them), the subject and the text, the
files (`parta.core.files.validate_upload`: the same size and type limits as the journal, at
most `MAX_FILES_PER_MESSAGE` per message). One transaction per call; each message is audited
as `messaging.message` with `thread_id`, `author_id` and `recipient_ids` in the snapshot (the
notifications listen to it). The author's own read mark moves to their message.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parta.core.context import Actor
from parta.core.files import CleanUpload, delete_stored, store_upload, validate_uploads
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record, snapshot
from parta.messaging import rules
from parta.messaging.models import Message, MessageAttachment, Thread, ThreadParticipant

#: Recipients of one conversation (a whole class is reached with an announcement).
MAX_RECIPIENTS = 20
#: The school administration may address more people at once.
MAX_RECIPIENTS_ADMINISTRATION = 100
#: Files of one message.
MAX_FILES_PER_MESSAGE = 10
#: Characters of a message's text.
MAX_BODY_LENGTH = 10_000
#: Characters of a subject (the model's limit).
MAX_SUBJECT_LENGTH = 200


def _user(actor: Actor) -> Any:
    user = actor.user
    if user is None or not user.is_authenticated:
        raise ValidationError(_("Log in to write messages."), code="forbidden")
    return user


def _clean_body(body: str) -> str:
    text = (body or "").strip()
    if not text:
        raise ValidationError({"body": _("Write the text of the message.")}, code="empty")
    if len(text) > MAX_BODY_LENGTH:
        raise ValidationError(
            {
                "body": _("The message is too long: at most %(max)s characters.")
                % {"max": MAX_BODY_LENGTH}
            },
            code="too_long",
        )
    return text


def _clean_subject(subject: str) -> str:
    text = " ".join((subject or "").split())
    if not text:
        raise ValidationError({"subject": _("Write the subject.")}, code="empty")
    if len(text) > MAX_SUBJECT_LENGTH:
        raise ValidationError(
            {
                "subject": _("The subject is too long: at most %(max)s characters.")
                % {"max": MAX_SUBJECT_LENGTH}
            },
            code="too_long",
        )
    return text


def _checked_files(files: Sequence[Any]) -> list[CleanUpload]:
    """Every file checked; one refusal naming each refused file."""
    if len(files) > MAX_FILES_PER_MESSAGE:
        raise ValidationError(
            {
                "files": ngettext(
                    "A message holds at most %(max)s file.",
                    "A message holds at most %(max)s files.",
                    MAX_FILES_PER_MESSAGE,
                )
                % {"max": MAX_FILES_PER_MESSAGE}
            },
            code="too_many",
        )
    try:
        return validate_uploads(files)
    except ValidationError as error:
        raise ValidationError({"files": error.error_list}) from error


def _recipient_ids(recipients: Iterable[Any]) -> list[int]:
    ids: list[int] = []
    for item in recipients:
        try:
            pk = int(item if isinstance(item, int | str) else item.pk)
        except (TypeError, ValueError) as error:
            raise ValidationError(
                {"recipients": _("Choose the recipients from the list.")}, code="invalid"
            ) from error
        if pk not in ids:
            ids.append(pk)
    return ids


def _check_recipients(user: Any, school: Any, ids: list[int]) -> list[int]:
    """The recipients, all allowed; otherwise a refusal naming the forbidden ones."""
    from parta.accounts.models import User
    from parta.messaging.selectors_messages import display_name

    ids = [pk for pk in ids if pk != user.pk]
    if not ids:
        raise ValidationError({"recipients": _("Choose at least one recipient.")}, code="empty")
    limit = (
        MAX_RECIPIENTS_ADMINISTRATION if rules.is_administration(user, school) else MAX_RECIPIENTS
    )
    if len(ids) > limit:
        raise ValidationError(
            {
                "recipients": _(
                    "A conversation has at most %(max)s recipients; for a whole class or the "
                    "school write an announcement."
                )
                % {"max": limit}
            },
            code="too_many",
        )
    allowed = set(
        User.objects.filter(pk__in=ids)
        .filter(rules.allowed_recipients_q(user, school))
        .values_list("pk", flat=True)
    )
    refused = [pk for pk in ids if pk not in allowed]
    if refused:
        # only the school's staff are named (the staff list is open to the whole school); a
        # student, a parent or a person of another school is counted, never named
        staff = (
            User.objects.filter(pk__in=refused)
            .filter(pk__in=rules.role_holders(school.pk, rules.COLLEAGUE_ROLES))
            .select_related("person")
            .order_by("pk")
        )
        names = [display_name(u) for u in staff]
        others = len(refused) - len(names)
        if others:
            names.append(
                ngettext("%(count)s other person", "%(count)s other people", others)
                % {"count": others}
            )
        raise ValidationError(
            {
                "recipients": _(
                    "You cannot write to %(names)s here: messages go only to the people of "
                    "the school your rules allow (teachers of your children, their class "
                    "teacher, the administration; for teachers, colleagues and the students "
                    "they teach and their parents)."
                )
                % {"names": ", ".join(names)}
            },
            code="forbidden_recipient",
        )
    return ids


def _store_attachments(
    message: Message, files: Sequence[Any], cleaned: list[CleanUpload], stored: list[str]
) -> list[MessageAttachment]:
    rows = []
    for upload, clean in zip(files, cleaned, strict=True):
        row = MessageAttachment(
            school_id=message.school_id,
            message=message,
            name=clean.name,
            size=clean.size,
            content_type=clean.content_type,
        )
        store_upload(row, upload, clean, stored)
        row.save()
        rows.append(row)
    return rows


def _audit_message(
    actor: Actor,
    message: Message,
    thread: Thread,
    recipient_ids: list[int],
    attachments: list[MessageAttachment],
) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=message,
        object_repr=thread.subject,
        after={
            # the text stays in the conversation: the audit log keeps its length only
            **snapshot(message, ["id", "school", "thread", "author", "created_at"]),
            "body_length": len(message.body),
            "subject": thread.subject,
            "recipient_ids": recipient_ids,
            "attachments": [
                {"id": row.pk, "name": row.name, "size": row.size} for row in attachments
            ],
        },
    )


def _post(
    actor: Actor, thread: Thread, author: Any, body: str, files: Sequence[Any]
) -> tuple[Message, list[MessageAttachment], list[str]]:
    """Write the message and its files; answers the stored file names for cleanup."""
    stored: list[str] = []
    message = Message.objects.create(
        school_id=thread.school_id, thread=thread, author=author, body=body
    )
    try:
        attachments = _store_attachments(message, files, _checked_files(files), stored)
    except BaseException:
        delete_stored(MessageAttachment, stored)
        raise
    return message, attachments, stored


def thread_start(
    *,
    actor: Actor,
    school: Any,
    recipients: Iterable[Any],
    subject: str,
    body: str,
    files: Sequence[Any] = (),
) -> Thread:
    """Start a conversation in `school` with `recipients` (users or their ids): all of them
    allowed by the rules, a subject, a text, at most 10 files — or nothing is written."""
    user = _user(actor)
    if not rules.may_write_in(user, school):
        raise ValidationError(
            _("Only the people of the school write messages there."), code="forbidden"
        )
    subject = _clean_subject(subject)
    text = _clean_body(body)
    files = list(files)
    _checked_files(files)
    ids = _check_recipients(user, school, _recipient_ids(recipients))
    stored: list[str] = []
    try:
        with transaction.atomic():
            now = timezone.now()
            thread = Thread.objects.create(
                school=school, subject=subject, created_by=user, last_message_at=now
            )
            message, attachments, stored = _post(actor, thread, user, text, files)
            thread.last_message_at = message.created_at
            thread.save(update_fields=["last_message_at"])
            ThreadParticipant.objects.bulk_create(
                [
                    ThreadParticipant(
                        school_id=thread.school_id,
                        thread=thread,
                        user_id=user.pk,
                        last_read_at=message.created_at,
                    ),
                    *(
                        ThreadParticipant(school_id=thread.school_id, thread=thread, user_id=pk)
                        for pk in ids
                    ),
                ]
            )
            audit_record(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=thread,
                after={**snapshot(thread), "participant_ids": [user.pk, *ids]},
            )
            _audit_message(actor, message, thread, ids, attachments)
            return thread
    except BaseException:
        delete_stored(MessageAttachment, stored)
        raise


def _participant(user: Any, thread: Thread, *, lock: bool = False) -> ThreadParticipant:
    rows = ThreadParticipant.objects.filter(
        thread_id=thread.pk, school_id=thread.school_id, user_id=user.pk
    )
    if lock:
        rows = rows.select_for_update()
    row = rows.first()
    if row is None:
        raise ValidationError(_("You do not take part in this conversation."), code="forbidden")
    return row


def message_reply(*, actor: Actor, thread: Thread, body: str, files: Sequence[Any] = ()) -> Message:
    """Reply in a conversation the actor takes part in. The conversation comes back from the
    archive of every participant; the author's read mark moves to the reply."""
    user = _user(actor)
    text = _clean_body(body)
    files = list(files)
    _checked_files(files)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = Thread.objects.select_for_update().filter(pk=thread.pk).first()
            if locked is None:
                raise ValidationError(_("The conversation has been deleted."), code="gone")
            mine = _participant(user, locked)
            message, attachments, stored = _post(actor, locked, user, text, files)
            locked.last_message_at = message.created_at
            locked.save(update_fields=["last_message_at"])
            ThreadParticipant.objects.filter(thread_id=locked.pk, is_archived=True).update(
                is_archived=False
            )
            mine.last_read_at = message.created_at
            mine.save(update_fields=["last_read_at"])
            others = list(
                ThreadParticipant.objects.filter(thread_id=locked.pk)
                .exclude(user_id=user.pk)
                .order_by("pk")
                .values_list("user_id", flat=True)
            )
            _audit_message(actor, message, locked, others, attachments)
            thread.last_message_at = locked.last_message_at
            return message
    except BaseException:
        delete_stored(MessageAttachment, stored)
        raise


@transaction.atomic
def thread_mark_read(*, actor: Actor, thread: Thread) -> bool:
    """Mark the conversation read up to its latest message; answers whether anything was
    unread (only a change is written and audited)."""
    user = _user(actor)
    mine = _participant(user, thread, lock=True)
    latest = (
        Message.objects.filter(thread_id=thread.pk)
        .order_by("-created_at", "-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    if latest is None or (mine.last_read_at is not None and mine.last_read_at >= latest):
        return False
    before = snapshot(mine, ["last_read_at"])
    mine.last_read_at = latest
    mine.save(update_fields=["last_read_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=mine,
        object_repr=thread.subject,
        before=before,
        after=snapshot(mine, ["last_read_at"]),
    )
    return True


@transaction.atomic
def thread_archive(*, actor: Actor, thread: Thread, archived: bool) -> None:
    """Put the conversation into the actor's archive or take it out (for the actor only; a
    new message brings it back)."""
    user = _user(actor)
    mine = _participant(user, thread, lock=True)
    if mine.is_archived == bool(archived):
        return
    before = snapshot(mine, ["is_archived"])
    mine.is_archived = bool(archived)
    mine.save(update_fields=["is_archived"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=mine,
        object_repr=thread.subject,
        before=before,
        after=snapshot(mine, ["is_archived"]),
    )
