"""Accounts: create logins for people, assign and revoke roles, lock, reset passwords."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from parta.accounts.access import UserAccess, forget_access
from parta.accounts.choices import SCHOOL_ADMIN_ROLES, Role
from parta.accounts.models import RoleAssignment, User
from parta.core.context import Actor
from parta.core.models import AuditEvent
from parta.core.services.audit import audit_record

# Letters and digits that are hard to confuse when a password is printed on paper.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"


def generate_password(length: int = 10) -> str:
    return "".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(length))


# Russian → Latin as in Russian passports (МВД order No. 889 of 2013, after ICAO Doc 9303).
_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip


def transliterate(text: str) -> str:
    """Lower-case Latin letters, digits and hyphens only: «Щукина-Ёлкина» → «shchukina-elkina»."""
    latin = "".join(_TRANSLIT.get(char, char) for char in (text or "").strip().lower())
    latin = re.sub(r"[\s_]+", "-", latin)
    return re.sub(r"[^a-z0-9-]", "", latin).strip("-")


def username_suggest(last_name: str, first_name: str = "", patronymic: str = "") -> str:
    """A free login from the transliterated surname and initials: «Иванова Анна Сергеевна» →
    «ivanova.as», then «ivanova.as2», «ivanova.as3» … when taken."""
    base = transliterate(last_name) or "user"
    initials = "".join(transliterate(part)[:1] for part in (first_name, patronymic) if part)
    if initials:
        base = f"{base}.{initials}"
    base = base[:140]
    taken = {
        name.lower()
        for name in User.objects.filter(username__istartswith=base).values_list(
            "username", flat=True
        )
    }
    if base not in taken:
        return base
    number = 2
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


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
        raise ValidationError({"username": _("The login cannot be empty.")})
    if len(username) > 150 or not re.fullmatch(r"[\w.@+-]+", username):
        raise ValidationError(
            {
                "username": _(
                    "A login may contain only letters, digits and the characters . @ + - _ "
                    "(at most 150)."
                )
            }
        )
    if User.objects.filter(username__iexact=username).exists():
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


#: The roles a school's staff registry grants (the others come from records or the tree).
STAFF_ROLES = (
    Role.TEACHER,
    Role.DIRECTOR,
    Role.DEPUTY_DIRECTOR,
    Role.SECRETARY,
    Role.HR_OFFICER,
)


def roles_grantable_by(access: UserAccess, school_id: int) -> frozenset[str]:
    """Staff roles the user may grant or revoke in a school: every staff role for the school
    administration; the teacher role only for the HR officer."""
    if access.is_school_admin(school_id):
        return frozenset(STAFF_ROLES)
    if access.can_manage_staff(school_id):
        return frozenset({Role.TEACHER})
    return frozenset()


@transaction.atomic
def roles_set(
    *,
    actor: Actor,
    user: User,
    organization_id: int,
    roles: Iterable[str],
    grantable: Iterable[str],
) -> None:
    """Set the user's `grantable` roles in the organization to `roles`; the roles the actor may
    not grant are left as they are. Asking for a role outside `grantable` is refused, as is
    removing one's own last administrator role; a refusal changes nothing."""
    wanted = set(roles)
    allowed = set(grantable)
    forbidden = wanted - allowed
    if forbidden:
        raise ValidationError(
            {
                "roles": _("You may not grant these roles: %(roles)s.")
                % {"roles": ", ".join(sorted(str(Role(role).label) for role in forbidden))}
            }
        )
    held = set(
        RoleAssignment.objects.filter(user=user, organization_id=organization_id).values_list(
            "role", flat=True
        )
    )
    to_add = wanted - held
    to_remove = (held & allowed) - wanted
    after = (held | to_add) - to_remove
    if (
        actor.user is not None
        and actor.user.pk == user.pk
        and held & SCHOOL_ADMIN_ROLES
        and not after & SCHOOL_ADMIN_ROLES
    ):
        raise ValidationError(
            {
                "roles": _(
                    "You cannot remove your own administrator role: ask another administrator."
                )
            }
        )
    for role in sorted(to_add):
        role_assign(actor=actor, user=user, organization_id=organization_id, role=role)
    for role in sorted(to_remove):
        role_revoke(actor=actor, user=user, organization_id=organization_id, role=role)


@transaction.atomic
def user_set_locked(*, actor: Actor, user: User, locked: bool, school_id: int | None) -> User:
    if locked and actor.user is not None and actor.user.pk == user.pk:
        raise ValidationError(_("You cannot lock your own account."))
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
