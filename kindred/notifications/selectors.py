"""What the in-app notification centre shows: the same outbox rows the
e-mail is sent from, so the app and the inbox never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kindred.lib import cache
from kindred.lib.errors import NotFound
from kindred.notifications.kinds import muted
from kindred.notifications.models import Notification

if TYPE_CHECKING:
    from kindred.accounts.models import User


def centre_for(person: User) -> QuerySet[Notification]:
    """Everything Kindred e-mailed or would e-mail the person, newest first:
    waiting out quiet hours, turned off or already seen included."""
    return Notification.objects.filter(recipient=person).order_by("-created_at", "-pk")


def unread_count(person: User) -> int:
    """The bell's count, from the person's cache while current: every page
    shows it, and a kept home is otherwise drawn without a query."""

    def count() -> tuple[int, bool]:
        return Notification.objects.filter(recipient=person, read_at__isnull=True).count(), True

    found, _ = cache.cached(
        f"cache:unread:{person.pk}", person.pk, count, version=person.cache_version
    )
    return found


def notification_for(person: User, notification_id: int) -> Notification:
    """One of the person's own notifications; anyone else's is not found."""
    found = centre_for(person).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(_("No such notification."))
    return found


@dataclass(frozen=True)
class EmailFate:
    """What became of a notification's e-mail, in words."""

    words: str
    when: object = None  # an aware datetime shown in the person's zone


def email_fate(item: Notification, person: User) -> EmailFate:
    state = Notification.State
    if item.state == state.SENT:
        return EmailFate(_("E-mailed"), item.sent_at)
    if item.state == state.WITHDRAWN and muted(item.kind, person.muted_emails):
        return EmailFate(_("Not e-mailed: you turned this kind of e-mail off"))
    if item.state == state.WITHDRAWN:
        return EmailFate(_("Not e-mailed: you had already seen the news"))
    if item.state == state.FAILED:
        return EmailFate(_("The e-mail could not be delivered"))
    return EmailFate(_("To be e-mailed"), item.earliest_send_at)
