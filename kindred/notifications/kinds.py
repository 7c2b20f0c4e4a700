"""Which e-mails a person may turn off, and which they always get.

Essential e-mail (sign-in and account security, meeting invitations and
cancellations, concern alerts, enrolment, matches proposed) always goes out;
calendars and safety depend on it. The optional kinds below can each be
turned off under *My profile → E-mail*; their messages carry a
List-Unsubscribe header that points there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class OptionalKind:
    key: str
    label: StrOrPromise
    help: StrOrPromise
    prefixes: tuple[str, ...]  # the notification kinds it covers


OPTIONAL: tuple[OptionalKind, ...] = (
    OptionalKind(
        "reminders",
        gettext_lazy("Reminders and nudges"),
        gettext_lazy(
            "When a cadence lapses, a proposed time waits, a meeting is about to start, "
            "or a commitment is due."
        ),
        ("nudge_", "commitment_"),
    ),
    OptionalKind(
        "messages",
        gettext_lazy("New messages from your partner"),
        gettext_lazy("An e-mail when a message stays unread past the agreed reply time."),
        ("message",),
    ),
    OptionalKind(
        "surveys",
        gettext_lazy("Pulse survey invitations"),
        gettext_lazy("Two minutes on how your mentoring is going, every couple of months."),
        ("survey_",),
    ),
    OptionalKind(
        "digests",
        gettext_lazy("Programme digests (programme managers)"),
        gettext_lazy("The daily list of relationships that became at risk."),
        ("at_risk_digest",),
    ),
)
KEYS = tuple(option.key for option in OPTIONAL)


def optional_kind(kind: str) -> OptionalKind | None:
    """The optional category a notification kind belongs to, if any."""
    return next((o for o in OPTIONAL if kind.startswith(o.prefixes)), None)


def muted(kind: str, muted_keys: list[str]) -> bool:
    option = optional_kind(kind)
    return option is not None and option.key in muted_keys
