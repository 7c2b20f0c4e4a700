"""What every booking must satisfy before it is written: a pair member
acts, the time is within notice and horizon and outside hard boundaries,
and neither person is double-booked (their rows locked, in a fixed order,
so two proposals arriving at once queue instead of racing)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext as _

from kindred.accounts.models import User
from kindred.lib.errors import Conflict, InvalidInput
from kindred.lib.phrases import Phrase
from kindred.lib.timezones import after
from kindred.meetings.engagements import engaged
from kindred.meetings.models import Meeting
from kindred.meetings.times import HORIZON, check_time
from kindred.relationships.models import Relationship
from kindred.relationships.policies import require_pair_member

MIN_NOTICE = dt.timedelta(hours=1)


DURATIONS = range(15, 241)


def check_in_pair(user: User, relationship: Relationship) -> None:
    require_pair_member(user, relationship, _("arrange its meetings"))


def check_pair_member(person: User, relationship: Relationship) -> bool:
    return person.pk in (relationship.mentor_id, relationship.mentee_id)


def validate_time(
    relationship: Relationship, start: dt.datetime, minutes: int, now: dt.datetime
) -> dt.datetime:
    if relationship.status != Relationship.Status.ACTIVE:
        raise Conflict(_("Meetings are arranged only while the relationship is active."))
    end = check_window(start, minutes, now)
    refuse_if(check_time(relationship, start, end)[0])
    return end


def refuse_if(refusals: list[Phrase]) -> None:
    """Refuse a time that falls in anyone's hard boundaries, saying whose."""
    if refusals:
        said = [str(r) for r in refusals]
        raise InvalidInput(
            _("That time falls in %(refusals)s. Choose another time.")
            % {"refusals": "; ".join(said)},
            errors=[{"field": "start", "message": r} for r in said],
        )


def check_window(start: dt.datetime, minutes: int, now: dt.datetime) -> dt.datetime:
    """The meeting's end, if its length, notice and horizon are acceptable
    (for a pair's meeting or a circle's)."""
    if minutes not in DURATIONS:
        raise InvalidInput(
            _("A meeting lasts 15 minutes to 4 hours."), errors=[{"field": "duration"}]
        )
    if start.tzinfo is None:
        raise InvalidInput(_("The time needs a time zone."), errors=[{"field": "start"}])
    if start < now + MIN_NOTICE:
        raise InvalidInput(
            _("Propose a time at least an hour from now."), errors=[{"field": "start"}]
        )
    if start > now + HORIZON:
        raise InvalidInput(
            _("Propose a time within the next two years."), errors=[{"field": "start"}]
        )
    return after(start, minutes)


def lock_pair(relationship: Relationship) -> list[int]:
    """Lock both people's rows, always in the same order, so concurrent
    bookings for either of them queue instead of racing."""
    return lock_people([relationship.mentor_id, relationship.mentee_id])


def lock_people(ids: list[int]) -> list[int]:
    """Lock the people's rows in id order (every booking path locks in the
    same order, a pair's or a circle's, so none waits on another in a cycle)."""
    people = sorted(set(ids))
    list(User.objects.select_for_update().filter(pk__in=people).order_by("pk"))
    return people


def lock_and_check_free(
    relationship: Relationship, start: dt.datetime, end: dt.datetime, ignore: int | None
) -> None:
    if clashes(lock_pair(relationship), start, end, ignore=ignore):
        raise Conflict(_("One of you already has a meeting at that time."))


def clashes(
    people: list[int], start: dt.datetime, end: dt.datetime, *, ignore: int | None = None
) -> bool:
    """Whether either person has another open meeting overlapping this time
    (a pair's, or one outside their pairs: a circle's)."""
    if engaged(people, start, end):
        return True
    clash = Meeting.objects.filter(status__in=Meeting.OPEN, start__lt=end, end__gt=start).filter(
        Q(relationship__mentor_id__in=people) | Q(relationship__mentee_id__in=people)
    )
    return clash.exclude(pk=ignore).exists() if ignore is not None else clash.exists()
