"""/readyz says whether this Kindred can serve, check by check; /healthz
only that the process answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone

from kindred.conftest import World
from kindred.notifications.models import Notification
from kindred.operations.models import Heartbeat
from kindred.operations.readiness import QUEUED_TASKS

pytestmark = pytest.mark.django_db


def ready() -> tuple[int, dict]:
    response = Client().get("/readyz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


@pytest.fixture
def queued_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": QUEUED_TASKS, "QUEUES": ["default"]}}


def test_ready_when_every_check_passes_and_alive_regardless(world: World) -> None:
    status, body = ready()
    assert status == 200 and body["status"] == "ok"
    assert set(body["checks"]) == {"database", "migrations", "cache", "worker", "outbox"}
    assert body["checks"]["cache"]["status"] == "not used"  # one process, its own memory
    assert Client().get("/healthz").json() == {"status": "ok"}


def test_not_ready_while_migrations_are_missing(world: World) -> None:
    MigrationRecorder.Migration.objects.filter(app="operations").delete()
    status, body = ready()
    assert status == 503 and body["checks"]["migrations"] == {"status": "not applied", "missing": 1}


def test_not_ready_without_a_worker_answering(world: World, queued_tasks: None, settings) -> None:
    assert ready()[1]["checks"]["worker"] == {"status": "never seen"}
    now = timezone.now()
    Heartbeat.objects.create(name="worker", seen_at=now - dt.timedelta(seconds=200))
    status, body = ready()
    assert status == 503 and body["checks"]["worker"]["status"] == "late"
    assert body["checks"]["worker"]["seconds_since_heartbeat"] >= 200
    Heartbeat.objects.filter(name="worker").update(seen_at=now)
    assert ready()[0] == 200


def waiting_email(world: World, minutes: int) -> Notification:
    """An e-mail due `minutes` ago and not yet sent."""
    due = timezone.now() - dt.timedelta(minutes=minutes)
    return Notification.objects.create(
        recipient=world.owner,
        kind="test",
        subject="s",
        body="b",
        idempotency_key=f"waiting-{minutes}",
        earliest_send_at=due,
        next_attempt_at=due,
    )


def test_not_ready_while_an_e_mail_waits_past_its_time(world: World) -> None:
    waiting = waiting_email(world, minutes=20)
    status, body = ready()
    assert status == 503 and body["checks"]["outbox"]["status"] == "late"
    # One being retried later is not late yet; one sent is gone from the count.
    Notification.objects.filter(pk=waiting.pk).update(state=Notification.State.SENT)
    assert ready()[0] == 200


def test_the_answer_says_no_address_or_secret(world: World, settings) -> None:
    text = Client().get("/readyz").content.decode()
    assert "127.0.0.1" not in text and settings.SECRET_KEY not in text
    assert "@" not in text


def test_no_app_squashes_its_migrations() -> None:
    """The migrations check compares what is on disk with what is applied;
    a squashed migration would need the executor's plan instead."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    assert not [key for key, migration in loader.disk_migrations.items() if migration.replaces]
