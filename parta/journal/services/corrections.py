"""Correction requests: after a lesson's edit window its keeper (the teacher or the substitute)
asks, with a reason, to correct it; the director or the deputy director approves (the lesson
reopens to that keeper until `open_until`, the school's date, inclusive) or rejects with a note;
the keeper may withdraw a pending request. The grant itself is read by the write rule
(`journal.rules.writes_journal`, the facts statement, `journal_writable_lessons`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.journal.choices import CorrectionStatus
from parta.journal.models import CorrectionRequest
from parta.journal.rules import is_journal_admin, today_in, writes_journal
from parta.journal.services.context import Facts, load_facts
from parta.timetable.choices import LessonStatus
from parta.timetable.models import Lesson

MAX_REASON_LENGTH = 1000
MAX_NOTE_LENGTH: int = CorrectionRequest._meta.get_field("decision_note").max_length or 500
#: an approval opens the lesson until today + this many days unless the decider chooses
DEFAULT_OPEN_DAYS = 2
#: and at most this many days ahead
MAX_OPEN_DAYS = 14


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ValidationError(
            _("The note is longer than %(limit)s characters.") % {"limit": MAX_NOTE_LENGTH},
            code="note",
        )
    return note


def default_open_until(today: datetime.date) -> datetime.date:
    return today + datetime.timedelta(days=DEFAULT_OPEN_DAYS)


def _fmt(day: datetime.date) -> str:
    return date_format(day, "d.m.Y")


def _user_id(actor: Actor) -> int | None:
    return access_for(actor.user).user_id


def _facts(actor: Actor, lesson_id: int) -> Facts:
    """The lesson's facts for the actor, the lesson row locked (requests and decisions about
    one lesson run one after another)."""
    facts = load_facts(actor=actor, source="lesson", pk=lesson_id, student_id=None)
    if facts is None:
        raise ValidationError(_("The lesson has been deleted."), code="gone")
    return facts


def _require_correctable(facts: Facts) -> None:
    """Neither cancelled nor in a closed study period."""
    if facts.status == LessonStatus.CANCELLED:
        raise ValidationError(
            _("The lesson %(lesson)s is cancelled: nothing can be recorded in it.")
            % {"lesson": facts.lesson},
            code="cancelled",
        )
    if facts.closed:
        raise ValidationError(
            _(
                "The lesson %(lesson)s lies in a closed study period: only the school "
                "administration may change it."
            )
            % {"lesson": facts.lesson},
            code="closed",
        )


def _require_decider(actor: Actor, correction: CorrectionRequest) -> None:
    if not is_journal_admin(access_for(actor.user), correction.school_id):
        raise ValidationError(
            _("Only the director or the deputy director may decide on a correction request."),
            code="forbidden",
        )


def _require_pending(correction: CorrectionRequest) -> None:
    if correction.status != CorrectionStatus.PENDING:
        raise ValidationError(
            _("The request has been decided already (%(status)s).")
            % {"status": correction.get_status_display()},
            code="decided",
        )


def _locked(correction: CorrectionRequest) -> CorrectionRequest:
    found = CorrectionRequest.objects.select_for_update().filter(pk=correction.pk).first()
    if found is None:
        raise ValidationError(_("The request has been deleted."), code="gone")
    return found


def _state(correction: CorrectionRequest) -> dict[str, object]:
    return {
        "status": correction.status,
        "open_until": correction.open_until.isoformat() if correction.open_until else None,
        "decision_note": correction.decision_note,
    }


@transaction.atomic
def correction_request_create(*, actor: Actor, lesson: Lesson, reason: str) -> CorrectionRequest:
    """The keeper of `lesson` whose edit window has ended asks to correct it. Refused when the
    lesson is cancelled or in a closed period, when the actor does not keep it, when they may
    still change it, and when a request of theirs awaits a decision."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what must be corrected and why."), code="reason")
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            _("The reason is longer than %(limit)s characters.") % {"limit": MAX_REASON_LENGTH},
            code="reason",
        )
    facts = _facts(actor, lesson.pk)
    if not facts.is_keeper:
        raise ValidationError(
            _(
                "Only the teacher of the lesson %(lesson)s or its substitute may request a "
                "correction of it."
            )
            % {"lesson": facts.lesson},
            code="forbidden",
        )
    _require_correctable(facts)
    is_admin = is_journal_admin(access_for(actor.user), facts.school_id)
    today = today_in(facts.timezone)
    if writes_journal(
        is_admin=is_admin,
        is_keeper=True,
        lesson_date=facts.date,
        today=today,
        window_days=facts.window_days,
        open_until=facts.open_until,
    ):
        raise ValidationError(
            _("You may still change the lesson %(lesson)s yourself: there is nothing to ask.")
            % {"lesson": facts.lesson},
            code="writable",
        )
    user_id = _user_id(actor)
    assert user_id is not None  # a keeper is a logged-in user
    pending = CorrectionRequest.objects.filter(
        lesson_id=facts.lesson_id, requested_by_id=user_id, status=CorrectionStatus.PENDING
    )
    if pending.exists():
        raise ValidationError(
            _("A request to correct this lesson is already awaiting a decision."),
            code="pending",
        )
    correction = CorrectionRequest.objects.create(
        school_id=facts.school_id,
        lesson_id=facts.lesson_id,
        requested_by_id=user_id,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=correction,
        object_repr=str(facts.lesson),
        after={"lesson_id": facts.lesson_id, "reason": reason, "status": correction.status},
    )
    return correction


@transaction.atomic
def correction_request_approve(
    *,
    actor: Actor,
    correction: CorrectionRequest,
    open_until: datetime.date | None = None,
    note: str = "",
) -> CorrectionRequest:
    """The director or the deputy director approves: the lesson reopens to the requester until
    `open_until` (default: the school's today + 2 days; not before today, at most 14 days
    ahead)."""
    _require_decider(actor, correction)
    correction = _locked(correction)
    _require_pending(correction)
    note = _clean_note(note)
    facts = _facts(actor, correction.lesson_id)
    _require_correctable(facts)
    today = today_in(facts.timezone)
    last = today + datetime.timedelta(days=MAX_OPEN_DAYS)
    if open_until is None:
        open_until = default_open_until(today)
    if not today <= open_until <= last:
        raise ValidationError(
            _("Choose a day from %(first)s to %(last)s for the end of the correction.")
            % {"first": _fmt(today), "last": _fmt(last)},
            code="open_until",
        )
    before = _state(correction)
    correction.status = CorrectionStatus.APPROVED
    correction.open_until = open_until
    correction.decision_note = note
    correction.decided_by_id = _user_id(actor)
    correction.decided_at = timezone.now()
    correction.save(
        update_fields=["status", "open_until", "decision_note", "decided_by", "decided_at"]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=correction,
        object_repr=str(facts.lesson),
        before=before,
        after=_state(correction),
    )
    return correction


@transaction.atomic
def correction_request_reject(
    *, actor: Actor, correction: CorrectionRequest, note: str
) -> CorrectionRequest:
    """The director or the deputy director rejects, saying why (the note is required)."""
    _require_decider(actor, correction)
    correction = _locked(correction)
    _require_pending(correction)
    note = _clean_note(note)
    if not note:
        raise ValidationError(_("Say why the request is rejected."), code="note")
    before = _state(correction)
    correction.status = CorrectionStatus.REJECTED
    correction.decision_note = note
    correction.decided_by_id = _user_id(actor)
    correction.decided_at = timezone.now()
    correction.save(update_fields=["status", "decision_note", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=correction,
        before=before,
        after=_state(correction),
    )
    return correction


@transaction.atomic
def correction_request_withdraw(
    *, actor: Actor, correction: CorrectionRequest
) -> CorrectionRequest:
    """The requester takes back a request that awaits a decision."""
    if correction.requested_by_id != _user_id(actor):
        raise ValidationError(
            _("Only the teacher who made the request may withdraw it."), code="forbidden"
        )
    correction = _locked(correction)
    _require_pending(correction)
    before = _state(correction)
    correction.status = CorrectionStatus.WITHDRAWN
    correction.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=correction,
        before=before,
        after=_state(correction),
    )
    return correction
