"""Commitments and the follow-through ledger: unprompted means done before
any reminder was sent; on time and overdue are judged on the owner's own
calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from kindred.commitments import services
from kindred.commitments.models import Commitment
from kindred.commitments.selectors import ledgers, meetings_to_link
from kindred.conftest import SmtpSink, World, give_intake, make_meeting
from kindred.lib.errors import Forbidden, InvalidInput
from kindred.meetings.models import Meeting
from kindred.notifications.models import Notification
from kindred.notifications.services import dispatch
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

UTC = dt.UTC
# The mentee (owner of most commitments here) is in Kolkata, UTC+05:30.
MONDAY = dt.datetime(2026, 6, 1, 4, tzinfo=UTC)  # 09:30 in Kolkata
DUE = dt.date(2026, 6, 5)  # a Friday


@pytest.fixture
def pair(world: World) -> Relationship:
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)  # in London
    world.owner.timezone = "Asia/Kolkata"
    world.owner.save()
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


def commit(world: World, pair: Relationship, *, by=None, owner=None, due=DUE) -> Commitment:
    return services.commitment_add(
        actor=by or world.partner,
        relationship=pair,
        text="Draft the onboarding guide for the new hires",
        owner_id=(owner or world.owner).pk,
        due_date=due,
        now=MONDAY,
    )


def complete(
    world: World, pair: Relationship, commitment: Commitment, at: dt.datetime
) -> Commitment:
    return services.commitment_complete(
        actor=world.owner, relationship=pair, commitment_id=commitment.pk, now=at
    )


def figures(pair: Relationship, now: dt.datetime, who: int) -> dict[str, int]:
    pair = Relationship.objects.select_related("mentor", "mentee").get(pk=pair.pk)
    return ledgers(pair, now=now)[who]["life"].__dict__


def test_done_before_any_reminder_is_unprompted(world: World, pair: Relationship) -> None:
    commitment = commit(world, pair)
    done = complete(world, pair, commitment, MONDAY + dt.timedelta(days=1))
    assert done.status == "done" and not done.prompted
    assert figures(pair, MONDAY + dt.timedelta(days=2), world.owner.pk) == {
        "made": 1, "completed": 1, "on_time": 1, "unprompted": 1, "overdue_now": 0
    }  # fmt: skip


def test_done_after_the_reminder_went_out_is_prompted(
    world: World, pair: Relationship, smtp_server: SmtpSink
) -> None:
    commitment = commit(world, pair)
    thursday = dt.datetime(2026, 6, 4, 6, tzinfo=UTC)  # the day before it is due, in Kolkata
    assert services.send_commitment_reminders(now=thursday) == {"due": 1, "overdue": 0}
    assert dispatch(now=thursday)["sent"] >= 1
    assert Notification.objects.get(kind="commitment_due").state == "sent"
    assert any(b"Due Friday 5 June" in bytes(m) for m in smtp_server.messages)
    done = complete(world, pair, commitment, thursday + dt.timedelta(hours=2))
    assert done.prompted
    assert figures(pair, thursday, world.owner.pk)["unprompted"] == 0


def test_a_reminder_still_waiting_does_not_count_as_a_prompt(
    world: World, pair: Relationship
) -> None:
    commitment = commit(world, pair)
    thursday = dt.datetime(2026, 6, 4, 6, tzinfo=UTC)
    services.send_commitment_reminders(now=thursday)  # queued, not yet sent
    assert Notification.objects.filter(kind="commitment_due", state="pending").exists()
    assert not complete(world, pair, commitment, thursday + dt.timedelta(minutes=5)).prompted


def test_on_time_and_overdue_at_the_due_date_in_the_owners_zone(
    world: World, pair: Relationship
) -> None:
    late_on_due_day = dt.datetime(2026, 6, 5, 18, 20, tzinfo=UTC)  # 23:50 Friday in Kolkata
    next_local_day = dt.datetime(2026, 6, 5, 18, 35, tzinfo=UTC)  # 00:05 Saturday there
    open_one = commit(world, pair)
    assert figures(pair, late_on_due_day, world.owner.pk)["overdue_now"] == 0
    assert figures(pair, next_local_day, world.owner.pk)["overdue_now"] == 1
    on_time = complete(world, pair, commit(world, pair), late_on_due_day)
    late = complete(world, pair, open_one, next_local_day)
    assert on_time.completed_at and late.completed_at
    assert figures(pair, next_local_day, world.owner.pk) == {
        "made": 2, "completed": 2, "on_time": 1, "unprompted": 2, "overdue_now": 0
    }  # fmt: skip


def test_the_last_90_days_are_counted_apart(world: World, pair: Relationship) -> None:
    old = commit(world, pair)
    Commitment.objects.filter(pk=old.pk).update(created_at=MONDAY - dt.timedelta(days=120))
    commit(world, pair)
    pair = Relationship.objects.select_related("mentor", "mentee").get(pk=pair.pk)
    mine = ledgers(pair, now=MONDAY)[world.owner.pk]
    assert (mine["life"].made, mine["recent"].made) == (2, 1)


def test_reminders_go_once_each_and_honour_the_owners_zone(
    world: World, pair: Relationship
) -> None:
    commit(world, pair)
    wednesday = dt.datetime(2026, 6, 3, 12, tzinfo=UTC)  # 17:30 Wednesday in Kolkata
    assert services.send_commitment_reminders(now=wednesday) == {"due": 0, "overdue": 0}
    thursday = dt.datetime(2026, 6, 3, 19, tzinfo=UTC)  # already 00:30 Thursday in Kolkata
    services.send_commitment_reminders(now=thursday)
    services.send_commitment_reminders(now=thursday + dt.timedelta(hours=1))
    saturday = dt.datetime(2026, 6, 6, 4, tzinfo=UTC)
    services.send_commitment_reminders(now=saturday)
    services.send_commitment_reminders(now=saturday + dt.timedelta(days=1))
    kinds = sorted(
        Notification.objects.filter(recipient=world.owner).values_list("kind", flat=True)
    )
    assert kinds == ["commitment_added", "commitment_due", "commitment_overdue"]


def test_only_the_owner_marks_done_and_either_side_drops_with_a_reason(
    world: World, pair: Relationship
) -> None:
    commitment = commit(world, pair)
    with pytest.raises(Forbidden):
        services.commitment_complete(
            actor=world.partner, relationship=pair, commitment_id=commitment.pk
        )
    with pytest.raises(InvalidInput):
        services.commitment_drop(
            actor=world.partner, relationship=pair, commitment_id=commitment.pk, reason=" "
        )
    dropped = services.commitment_drop(
        actor=world.partner,
        relationship=pair,
        commitment_id=commitment.pk,
        reason="The guide was cancelled",
    )
    assert (dropped.status, dropped.dropped_by) == ("dropped", world.partner)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "x" * 301}, "text"),
        ({"due_date": dt.date(2026, 5, 31)}, "due_date"),  # yesterday in Kolkata
        ({"due_date": dt.date(2027, 7, 1)}, "due_date"),
        ({"owner_id": 0}, "owner"),
        ({"meeting_id": 999_999}, "meeting"),
    ],
)
def test_bad_commitments_are_refused_and_nothing_is_saved(
    world: World, pair: Relationship, changes: dict[str, object], field: str
) -> None:
    arguments: dict[str, object] = {
        "actor": world.owner,
        "relationship": pair,
        "text": "Share my draft",
        "owner_id": world.owner.pk,
        "due_date": DUE,
        "now": MONDAY,
    }
    with pytest.raises(InvalidInput) as caught:
        services.commitment_add(**(arguments | changes))  # type: ignore[arg-type]
    assert caught.value.errors[0]["field"] == field
    assert not Commitment.objects.exists()


def test_someone_outside_the_pair_cannot_add_one(world: World, pair: Relationship) -> None:
    for outsider in (world.participant, world.manager):
        with pytest.raises(Forbidden):
            commit(world, pair, by=outsider)
    assert not Commitment.objects.exists()


def test_the_page_adds_one_made_in_a_meeting(world: World, pair: Relationship) -> None:
    from kindred.conftest import client_for

    start = dt.datetime(2026, 5, 5, 4, tzinfo=UTC)
    held = make_meeting(
        pair,
        start,
        zone="UTC",
        status="held",
    )
    client = client_for(world.partner)
    page = client.get(f"/relationships/{pair.pk}/sections/commitments/").content.decode()
    assert f'<option value="{held.pk}">' in page
    due = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    form = {"text": "Book the workshop", "owner": world.owner.pk, "due_date": due}
    client.post(f"/relationships/{pair.pk}/commitments/", form | {"meeting": held.pk})
    assert Commitment.objects.get().meeting == held
    client.post(f"/relationships/{pair.pk}/commitments/", form | {"meeting": 999_999})
    assert Commitment.objects.count() == 1  # not one of theirs: refused


def test_meetings_to_link_reads_the_same_from_memory_as_from_the_database(
    world: World, pair: Relationship
) -> None:
    """The relationship page passes the meetings it has; the commitment
    form's own page asks the database. Both offer the same five."""
    statuses = ["held", "confirmed", "cancelled", "proposed", "missed", "held", "held", "held"]
    for week, status in enumerate(statuses * 2):
        start = MONDAY - dt.timedelta(weeks=week - 3)  # three weeks ahead to twelve back
        make_meeting(pair, start, zone="UTC", status=status, initiated_by=world.owner,
        )  # fmt: skip
    everything = list(Meeting.objects.filter(relationship=pair).order_by("start"))
    from_database = meetings_to_link(pair, now=MONDAY)
    assert len(from_database) == 5
    assert all(m.start <= MONDAY and m.status in ("held", "confirmed") for m in from_database)
    assert meetings_to_link(pair, now=MONDAY, meetings=everything) == from_database
