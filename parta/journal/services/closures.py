"""Closing and reopening a study period: once closed, the marks and attendance of the lessons
inside it and the period marks of it change only by the school administration."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.accounts.access import access_for
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record
from parta.journal.models import PeriodClosure
from parta.journal.rules import is_journal_admin
from parta.organizations.models import StudyPeriod


def _require_admin(actor: Actor, period: StudyPeriod) -> None:
    if not is_journal_admin(access_for(actor.user), period.school_id):
        raise ValidationError(
            _("Only the director or the deputy director may close or reopen %(period)s.")
            % {"period": period},
            code="forbidden",
        )


@transaction.atomic
def period_close(*, actor: Actor, study_period: StudyPeriod) -> PeriodClosure:
    """Close the study period; refused when it is closed already."""
    _require_admin(actor, study_period)
    StudyPeriod.objects.select_for_update().filter(pk=study_period.pk).first()
    if PeriodClosure.objects.filter(study_period_id=study_period.pk).exists():
        raise ValidationError(
            _("The study period %(period)s is closed already.") % {"period": study_period},
            code="closed",
        )
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    closure = PeriodClosure.objects.create(
        school_id=study_period.school_id, study_period=study_period, closed_by=user
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=closure,
        after={"study_period_id": study_period.pk},
    )
    return closure


@transaction.atomic
def period_reopen(*, actor: Actor, study_period: StudyPeriod) -> None:
    """Reopen a closed study period; refused when it is open."""
    _require_admin(actor, study_period)
    closure = (
        PeriodClosure.objects.select_for_update().filter(study_period_id=study_period.pk).first()
    )
    if closure is None:
        raise ValidationError(
            _("The study period %(period)s is not closed.") % {"period": study_period},
            code="open",
        )
    closure_id = closure.pk
    closure.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        instance=closure,
        object_id=closure_id,
        before={"study_period_id": study_period.pk},
    )
