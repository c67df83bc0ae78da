"""Each user's choice per kind of notification and channel: their `NotificationPreference`
rows override `DEFAULTS`; `NotificationSettings` adds the daily digest and the mark threshold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from parta.messaging.choices import NotificationKind
from parta.messaging.models import NotificationPreference, NotificationSettings


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool


#: in Parta for every kind; by e-mail for what a parent must not miss (absences, period and
#: year marks, messages addressed to them)
DEFAULTS: dict[str, Choice] = {
    NotificationKind.MARK: Choice(in_app=True, email=False),
    NotificationKind.ABSENCE: Choice(in_app=True, email=True),
    NotificationKind.FINAL_MARK: Choice(in_app=True, email=True),
    NotificationKind.MESSAGE: Choice(in_app=True, email=True),
    NotificationKind.ANNOUNCEMENT: Choice(in_app=True, email=False),
    NotificationKind.EVENT: Choice(in_app=True, email=False),
    NotificationKind.LESSON_CHANGE: Choice(in_app=True, email=False),
}

#: special mark values told about under a threshold (they mean trouble); осв, зч are not
SPECIAL_BELOW = frozenset({"н/а", "нз"})


@dataclass(frozen=True)
class Delivery:
    """How one notification reaches its user. `email_now`: True — an e-mail at once; False —
    in the daily digest; None — no e-mail."""

    in_app: bool
    email_now: bool | None

    @property
    def wanted(self) -> bool:
        return self.in_app or self.email_now is not None


@dataclass
class UserChoices:
    """One user's stored choices (rows override the defaults)."""

    overrides: dict[str, Choice]
    daily_digest: bool = False
    mark_below: int | None = None
    has_email: bool = False

    def choice(self, kind: str) -> Choice:
        return self.overrides.get(kind) or DEFAULTS[kind]

    def delivery(self, kind: str) -> Delivery:
        choice = self.choice(kind)
        email_now: bool | None = None
        if choice.email and self.has_email:
            email_now = not self.daily_digest
        return Delivery(in_app=choice.in_app, email_now=email_now)

    def wants_mark(self, value: str) -> bool:
        """A mark passes the threshold when every number in it is below `mark_below` («5/2»
        under 4 does not); н/а and нз always pass, other special values (осв, зч) never."""
        if self.mark_below is None:
            return True
        if value in SPECIAL_BELOW:
            return True
        numbers = [int(piece) for piece in value.split("/") if piece.isdigit()]
        return bool(numbers) and all(number < self.mark_below for number in numbers)


def choices_for(user_ids: Iterable[int], emails: dict[int, str]) -> dict[int, UserChoices]:
    """The choices of every user in `user_ids` (two queries); `emails` names the users with an
    e-mail address."""
    ids = sorted(set(user_ids))
    found = {uid: UserChoices(overrides={}, has_email=bool(emails.get(uid))) for uid in ids}
    if not ids:
        return found
    for pref in NotificationPreference.objects.filter(user_id__in=ids):
        found[pref.user_id].overrides[pref.kind] = Choice(in_app=pref.in_app, email=pref.email)
    for row in NotificationSettings.objects.filter(user_id__in=ids):
        found[row.user_id].daily_digest = row.daily_digest
        found[row.user_id].mark_below = row.mark_below
    return found


def choices_of(user_id: int) -> UserChoices:
    """One user's choices (for the settings page)."""
    return choices_for([user_id], {}).get(user_id) or UserChoices(overrides={})
