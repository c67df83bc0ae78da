"""Files of an assignment (homework materials, a worksheet): attached and removed by those who
may change the lesson's journal. Every file is checked (`parta.core.files.validate_upload`)
before any is stored; a refusal stores nothing. A stored file leaves the storage only after the
transaction that removed its row has committed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
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
from parta.journal.models import Assignment, AssignmentFile
from parta.journal.services.context import lesson_facts, require_writable

#: At most this many files per assignment.
MAX_FILES_PER_ASSIGNMENT = 10


def _snapshot(row: AssignmentFile) -> dict[str, Any]:
    """The row for the audit log (the stored file by its storage name)."""
    fields = [f.name for f in AssignmentFile._meta.concrete_fields if f.name != "file"]
    return {**snapshot(row, fields), "file": row.file.name or ""}


def _checked(files: Sequence[Any]) -> list[CleanUpload]:
    """Every file checked; one refusal listing each refused file."""
    if not files:
        raise ValidationError(_("Choose a file to attach."), code="no_file")
    return validate_uploads(files)


def assignment_files_attach(
    *, actor: Actor, assignment: Assignment, files: Sequence[Any]
) -> list[AssignmentFile]:
    """Attach one or several uploaded files to the assignment, all or none: each is checked
    (size, type, content) and the assignment holds at most `MAX_FILES_PER_ASSIGNMENT`. If
    storing or saving fails, the files already stored are removed again."""
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            facts = lesson_facts(actor=actor, lesson=assignment.lesson, student_id=None)
            require_writable(actor, facts)
            cleaned = _checked(files)
            stored = (
                Assignment.objects.select_for_update()
                .filter(pk=assignment.pk, school_id=facts.school_id, lesson_id=facts.lesson_id)
                .first()
            )
            if stored is None:
                raise ValidationError(_("The assignment has been deleted."), code="gone")
            present = AssignmentFile.objects.filter(assignment_id=stored.pk).count()
            if present + len(cleaned) > MAX_FILES_PER_ASSIGNMENT:
                raise ValidationError(
                    ngettext(
                        "An assignment holds at most %(max)s file; «%(name)s» has %(count)s.",
                        "An assignment holds at most %(max)s files; «%(name)s» has %(count)s.",
                        MAX_FILES_PER_ASSIGNMENT,
                    )
                    % {"max": MAX_FILES_PER_ASSIGNMENT, "name": stored, "count": present},
                    code="too_many",
                )
            user = actor.user if actor.user is not None and actor.user.is_authenticated else None
            rows = []
            for upload, clean in zip(files, cleaned, strict=True):
                row = AssignmentFile(
                    school_id=facts.school_id,
                    assignment=stored,
                    name=clean.name,
                    size=clean.size,
                    content_type=clean.content_type,
                    uploaded_by=user,
                )
                store_upload(row, upload, clean, stored_names)
                row.save()
                audit_record(
                    actor=actor,
                    action=AuditEvent.Action.CREATE,
                    instance=row,
                    after=_snapshot(row),
                )
                rows.append(row)
            return rows
    except BaseException:
        delete_stored(AssignmentFile, stored_names)
        raise


@transaction.atomic
def assignment_file_remove(*, actor: Actor, file: AssignmentFile) -> None:
    """Remove a file from its assignment; the stored file goes after the commit."""
    lesson = file.assignment.lesson
    facts = lesson_facts(actor=actor, lesson=lesson, student_id=None)
    require_writable(actor, facts)
    stored = (
        AssignmentFile.objects.select_for_update()
        .filter(pk=file.pk, school_id=facts.school_id)
        .first()
    )
    if stored is None:
        raise ValidationError(_("The file has already been removed."), code="gone")
    before = _snapshot(stored)
    object_repr = str(stored)
    stored_name = stored.file.name
    stored.delete()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        school_id=before["school_id"],
        object_type=AssignmentFile._meta.label_lower,
        object_id=before["id"],
        object_repr=object_repr,
        before=before,
    )
    delete_stored_on_commit(AssignmentFile, [stored_name or ""])
