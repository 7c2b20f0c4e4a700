"""/metrics: off unless configured, only for the scraper, and counting by
route pattern (never a path with its ids), the e-mails and the queues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.registry import REGISTRY

from kindred.conftest import World, client_for
from kindred.notifications.models import Notification
from kindred.notifications.services import dispatch
from kindred.operations.tests.test_readiness import waiting_email
from kindred.relationships.models import Relationship

pytestmark = pytest.mark.django_db
TOKEN = "scrape-token-0123456789"


@pytest.fixture
def scraping(settings) -> None:
    settings.METRICS_TOKEN = TOKEN


def scrape(**headers: str) -> str:
    response = Client(headers={"Authorization": f"Bearer {TOKEN}", **headers}).get("/metrics")
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")
    return response.content.decode()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_off_unless_a_token_or_addresses_are_set(world: World) -> None:
    assert Client().get("/metrics").status_code == 404
    assert client_for(world.admin).get("/metrics").status_code == 404


def test_only_the_scraper_reads_it(world: World, scraping: None, settings) -> None:
    assert Client().get("/metrics").status_code == 403
    assert client_for(world.admin).get("/metrics").status_code == 403  # not even an admin
    wrong = Client(headers={"Authorization": "Bearer scrape-token-0123456780"})
    assert wrong.get("/metrics").status_code == 403
    assert scrape()
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_ADDRESSES = frozenset({"127.0.0.1"})  # the test client's address
    assert Client().get("/metrics").status_code == 200
    settings.METRICS_ALLOWED_ADDRESSES = frozenset({"10.0.0.7"})
    assert Client().get("/metrics").status_code == 403


def test_requests_are_counted_by_route_never_by_path(
    world: World, pair: Relationship, scraping: None
) -> None:
    owner = client_for(world.owner)
    owner.get(f"/relationships/{pair.pk}/")
    owner.get("/no/such/page/for/ada@example.com/")
    owner.generic("BREW", "/")  # a method nobody serves: counted as "other"
    text = scrape()
    assert f"/relationships/{pair.pk}/" not in text and "ada@example.com" not in text
    found = samples(text)
    route = (
        ("method", "GET"),
        ("route", "/relationships/<id:relationship_id>/"),
        ("status", "200"),
    )
    assert found[("kindred_http_responses_total", route)] >= 1
    unmatched = (("method", "GET"), ("route", "unmatched"), ("status", "404"))
    assert found[("kindred_http_responses_total", unmatched)] >= 1
    assert not any(("method", "BREW") in labels for _, labels in found)
    assert any(("method", "other") in labels for _, labels in found)
    latency = (("le", "+Inf"), ("method", "GET"), ("route", "/relationships/<id:relationship_id>/"))
    assert found[("kindred_http_request_duration_seconds_bucket", latency)] >= 1


def test_the_outbox_depth_and_age_are_read_when_scraped(world: World, scraping: None) -> None:
    waiting_email(world, minutes=7)
    found = samples(scrape())
    assert found[("kindred_outbox_due", ())] == 1
    assert 7 * 60 <= found[("kindred_outbox_oldest_due_seconds", ())] < 8 * 60
    assert found[("kindred_tasks_ready", ())] == 0


def test_e_mail_failures_are_counted(world: World, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    Notification.objects.create(
        recipient=world.owner, kind="test", subject="s", body="b", idempotency_key="refused"
    )
    before = REGISTRY.get_sample_value("kindred_emails_failed_total", {"final": "false"}) or 0
    assert dispatch()["retry"] == 1
    after = REGISTRY.get_sample_value("kindred_emails_failed_total", {"final": "false"})
    assert after == before + 1


def test_a_command_run_by_hand_without_the_shared_folder_still_starts(tmp_path: Path) -> None:
    """The units make the metrics folder; an operator's `manage.py backup`
    from a shell that read the same environment file counts for itself."""
    root = Path(__file__).resolve().parents[3]
    env = os.environ | {"PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "not-made-yet")}
    script = "import kindred.lib.metrics as m; m.EMAILS_SENT.inc(); print('counted')"
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "counted" in done.stdout, done.stderr[-2000:]
