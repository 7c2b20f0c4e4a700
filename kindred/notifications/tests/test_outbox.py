from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from kindred.conftest import SmtpSink, World, at_once, make_user, text_of
from kindred.notifications import delivery, services
from kindred.notifications.models import Notification
from kindred.notifications.tests.plain import plain
from kindred.profiles.models import Profile

UTC = dt.UTC


@pytest.fixture
def quiet_owner(world: World):
    """Quiet hours 22:00-07:00 in Asia/Kolkata, and a hard caregiving block."""
    Profile.objects.filter(user=world.owner).update(
        quiet_hours={"start": "22:00", "end": "07:00"},
        boundary_blocks=[
            {
                "label": "caregiving",
                "days": [0, 1, 2, 3, 4],
                "start": "07:00",
                "end": "08:30",
                "hard": True,
            }
        ],
    )
    world.owner.refresh_from_db()
    return world.owner


def test_non_urgent_mail_waits_out_quiet_hours_and_hard_blocks(quiet_owner) -> None:
    late_evening = dt.datetime(2026, 6, 1, 17, 30, tzinfo=UTC)  # Monday 23:00 in Kolkata
    queued = services.notify(
        recipient=quiet_owner, message=plain("nudge", "Hi", "b"), key="k1", now=late_evening
    )
    # Quiet until 07:00, then caregiving until 08:30 Tuesday, Kolkata time = 03:00 UTC.
    assert queued.earliest_send_at == dt.datetime(2026, 6, 2, 3, 0, tzinfo=UTC)
    urgent = services.notify(
        recipient=quiet_owner,
        message=plain("cancel", "Cancelled", "b"),
        key="k2",
        urgent=True,
        now=late_evening,
    )
    assert urgent.earliest_send_at == late_evening and urgent.digest_key == ""


def test_the_same_key_is_queued_once(world: World) -> None:
    for _ in range(3):
        services.notify(recipient=world.owner, message=plain("k", "s", "b"), key="same")
    assert Notification.objects.count() == 1


def test_dispatch_sends_over_smtp_once_and_gathers_a_digest(
    world: World, smtp_server: SmtpSink
) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    for n in range(3):
        services.notify(
            recipient=world.partner,
            message=plain("update", f"Update {n}", f"Body {n}"),
            key=f"digest-{n}",
            now=now,
        )
    services.notify(
        recipient=world.partner,
        message=plain("cancel", "Meeting cancelled", "x"),
        key="urgent-1",
        urgent=True,
        now=now,
    )
    assert services.dispatch(now=now) == {"sent": 4, "retry": 0, "failed": 0}
    subjects = sorted(m["Subject"] for m in smtp_server.messages)
    assert subjects == ["Kindred: 3 updates", "Meeting cancelled"]
    digest = next(m for m in smtp_server.messages if m["Subject"] == "Kindred: 3 updates")
    assert all(f"Update {n}" in text_of(digest) for n in range(3))
    assert services.dispatch(now=now + dt.timedelta(hours=1)) == {
        "sent": 0,
        "retry": 0,
        "failed": 0,
    }
    assert len(smtp_server.messages) == 2


def test_smtp_failure_is_retried_with_backoff(
    world: World, settings, smtp_server: SmtpSink
) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    services.notify(recipient=world.partner, message=plain("k", "Retry me", "b"), key="r", now=now)
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens there
    assert services.dispatch(now=now) == {"sent": 0, "retry": 1, "failed": 0}
    queued = Notification.objects.get()
    assert (queued.state, queued.attempts) == ("pending", 1)
    assert queued.next_attempt_at == now + dt.timedelta(minutes=2)
    settings.EMAIL_PORT = working_port
    assert services.dispatch(now=now + dt.timedelta(minutes=1))["sent"] == 0  # not yet
    assert services.dispatch(now=now + dt.timedelta(minutes=3))["sent"] == 1
    assert [m["Subject"] for m in smtp_server.messages] == ["Retry me"]


def test_a_dead_workers_unbegun_claim_goes_back_in_the_queue(
    world: World, smtp_server: SmtpSink
) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    services.notify(recipient=world.partner, message=plain("k", "Once", "b"), key="once", now=now)
    claimed = services._claim(now, "worker-that-dies", 10)  # claimed, then the worker died
    assert [n.state for n in claimed] == ["sending"]
    assert services.dispatch(now=now + dt.timedelta(minutes=9))["sent"] == 0  # claim still held
    lapsed = now + delivery.lease() + dt.timedelta(seconds=1)
    assert services.dispatch(now=lapsed, worker="survivor")["sent"] == 1
    row = Notification.objects.get()
    assert (row.state, row.attempts, row.claimed_by) == ("sent", 0, "survivor")
    assert [m["Subject"] for m in smtp_server.messages] == ["Once"]


def test_the_message_a_dead_worker_was_sending_goes_again_as_the_same_message(
    world: World, smtp_server: SmtpSink
) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    for key in ["first", "second"]:
        services.notify(
            recipient=world.partner, message=plain("k", key, "b"), key=key, now=now, urgent=True
        )
    claimed = services._claim(now, "worker-that-dies", 10)
    assert services._begin([claimed[0]], "worker-that-dies", now)  # it died inside this send
    lapsed = now + delivery.lease() + dt.timedelta(seconds=1)
    assert services.dispatch(now=lapsed, worker="survivor")["sent"] == 2
    first = Notification.objects.get(idempotency_key="first")
    assert (first.attempts, first.state) == (1, "sent")
    assert "stopped while sending" in first.last_error
    assert Notification.objects.get(idempotency_key="second").attempts == 0
    received = {m["Subject"]: m["Message-ID"] for m in smtp_server.messages}
    assert received["first"] == delivery.message_id([first])  # a repeat a client can fold


def test_a_worker_whose_claim_lapsed_leaves_the_rows_to_their_new_owner(
    world: World, smtp_server: SmtpSink
) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    services.notify(recipient=world.partner, message=plain("k", "s", "b"), key="k", now=now)
    claimed = services._claim(now, "slow", 10)
    Notification.objects.update(claimed_by="faster")  # another worker took over meanwhile
    assert not services._begin(claimed, "slow", now)
    assert Notification.objects.get().send_started_at is None


def test_an_interrupted_send_is_given_up_after_the_last_attempt(world: World) -> None:
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    services.notify(recipient=world.partner, message=plain("k", "s", "b"), key="k", now=now)
    Notification.objects.update(attempts=services.MAX_ATTEMPTS - 1)
    claimed = services._claim(now, "dies", 10)
    services._begin(claimed, "dies", now)
    services._claim(now + delivery.lease() + dt.timedelta(seconds=1), "survivor", 10)
    row = Notification.objects.get()
    assert (row.state, row.attempts) == ("failed", services.MAX_ATTEMPTS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent workers need PostgreSQL")
def test_two_workers_at_once_never_send_a_key_twice(smtp_server: SmtpSink, settings) -> None:
    # Queue only; the two workers below do all the sending.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    person = make_user("many@test.example", "Many Mails")
    now = dt.datetime(2026, 6, 1, 9, tzinfo=UTC)
    for n in range(60):
        services.notify(
            recipient=person, message=plain("k", f"M{n}", "b"), key=f"m{n}", urgent=True, now=now
        )

    def work(name: str) -> None:
        while services.dispatch(now=now, worker=name, limit=7)["sent"]:
            pass

    at_once(work, ["w0", "w1"])
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert sorted(subjects) == sorted(f"M{n}" for n in range(60))
    assert len({n.claimed_by for n in Notification.objects.all()}) == 2  # both really worked
