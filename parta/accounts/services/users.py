"""Accounts: create logins for people, assign and revoke roles, lock, reset passwords."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from parta.accounts.access import forget_access
from parta.accounts.choices import Role
from parta.accounts.models import RoleAssignment, User
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record

# Letters and digits that are hard to confuse when a password is printed on paper.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 10) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    password: str | None = None,
    must_change_password: bool = True,
    school_id: int | None = None,
) -> tuple[User, str]:
    """A new login. Returns the user and the initial password (to hand out in print)."""
    username = username.strip()
    if not username:
        raise ValueError(_("The login cannot be empty."))
    if User.objects.filter(username__iexact=username).exists():
        from django.core.exceptions import ValidationError

        raise ValidationError(
            {"username": _("The login “%(login)s” is already taken.") % {"login": username}}
        )
    password = password or generate_password()
    user = User(username=username, must_change_password=must_change_password)
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=user,
        school_id=school_id,
        after={"username": username, "must_change_password": must_change_password},
    )
    return user, password


@transaction.atomic
def role_assign(*, actor: Actor, user: User, organization_id: int, role: str) -> RoleAssignment:
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organization_id=organization_id, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=assignment,
            school_id=organization_id,
            after={"user": user.pk, "role": role},
        )
        forget_access(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor: Actor, user: User, organization_id: int, role: str) -> None:
    deleted, _unused = RoleAssignment.objects.filter(
        user=user, organization_id=organization_id, role=role
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            school_id=organization_id,
            object_type="accounts.roleassignment",
            object_repr=f"{user} — {Role(role).label}",
            before={"user": user.pk, "role": role},
        )
        forget_access(user)


@transaction.atomic
def user_set_locked(*, actor: Actor, user: User, locked: bool, school_id: int | None) -> User:
    if user.is_locked != locked:
        user.is_locked = locked
        user.save(update_fields=["is_locked"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=user,
            school_id=school_id,
            before={"is_locked": not locked},
            after={"is_locked": locked},
        )
    return user


@transaction.atomic
def user_reset_password(*, actor: Actor, user: User, school_id: int | None) -> str:
    """A new temporary password; the user must change it at the next login."""
    password = generate_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.PASSWORD_CHANGE,
        instance=user,
        school_id=school_id,
        after={"reset": True},
    )
    return password


@transaction.atomic
def password_changed(*, actor: Actor, user: User) -> None:
    """Called after the user set their own password: clears the forced-change flag."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit_record(actor=actor, action=AuditEvent.Action.PASSWORD_CHANGE, instance=user)
