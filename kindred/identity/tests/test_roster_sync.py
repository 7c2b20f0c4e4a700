"""Roster sync without SCIM: the organisation's full roster, uploaded and
previewed before anyone leaves, or pulled on a cadence from an address
(a real HTTP server on loopback here) or a file in the roster folder. A
leaver is the same event as SCIM's; a pull that would deactivate too many
is held; every failure is said on the admin page with its reason."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import timezone, translation

from kindred.accounts.models import User
from kindred.conftest import World, client_for, make_user, started_pair
from kindred.identity.models import RosterSync, RosterUpload, ScimPerson
from kindred.identity.services import roster_sync_configure, roster_sync_run
from kindred.relationships.models import Relationship

HEADER = "email,full_name,title,level,department,manager_email,location,timezone,languages\n"
EVERYONE = [
    "admin@test.example", "manager@test.example", "other.manager@test.example",
    "owner@test.example", "partner@test.example", "participant@test.example",
    "outsider@test.example",
]  # fmt: skip


def roster(*emails: str) -> bytes:
    """A roster listing `emails`: people already here as they are, anyone
    else as a new analyst."""
    return (HEADER + "".join(_line(email) for email in emails)).encode()


def _line(email: str) -> str:
    person = User.objects.filter(email=email).first()
    if person is None:
        return f"{email},New Person,Analyst,2,Ops,,Lisbon,Europe/Lisbon,pt\n"
    hr = [str(getattr(person, name) or "") for name in User.HR_FIELDS]
    return ",".join([email, *hr, person.timezone, " ".join(person.languages) or "en"]) + "\n"


def upload(world: World, data: bytes) -> Any:
    return client_for(world.admin).post(
        "/identity/roster/", {"file": SimpleUploadedFile("roster.csv", data, "text/csv")}
    )


def without(*gone: str) -> list[str]:
    return [e for e in EVERYONE if e not in gone]


def test_an_upload_shows_the_leavers_and_changes_nothing_until_confirmed(world: World) -> None:
    pair = started_pair(world)
    make_user("guest@partner-org.example", "Gus Guest")  # another organisation's mentor
    make_user("root@test.example", "Root", is_superuser=True)
    provisioned = make_user("directory@test.example", "Dee Directory")
    ScimPerson.objects.create(user=provisioned, user_name=provisioned.email)

    sent = upload(world, roster(*without("partner@test.example"), "nia@test.example"))
    assert sent.status_code == 302
    preview = client_for(world.admin).get(sent["Location"])
    page = preview.content.decode()
    assert preview.context["preview"].leaver_count == 1 and "partner@test.example" in page
    assert preview.context["preview"].new == 1
    for kept in ("guest@partner-org.example", "root@test.example", "directory@test.example"):
        assert kept not in page
    assert User.objects.get(email="partner@test.example").is_active  # nothing yet

    done = client_for(world.admin).post(sent["Location"], {"leavers": "1"})
    assert done.status_code == 302
    assert not User.objects.get(email="partner@test.example").is_active
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ENDED_EARLY
    assert User.objects.filter(email="nia@test.example", is_active=True).exists()
    assert not RosterUpload.objects.exists()
    sync = RosterSync.objects.get()
    assert sync.last_outcome == "done" and "1 deactivated as leavers" in sync.message_words
    assert "1 deactivated" in client_for(world.admin).get("/identity/roster/").content.decode()


def test_a_stale_preview_is_refused_and_nothing_changes(world: World) -> None:
    sent = upload(world, roster(*without("outsider@test.example")))
    User.objects.filter(email="participant@test.example").update(email="moved@test.example")
    page = client_for(world.admin).post(sent["Location"], {"leavers": "1"}, follow=True)
    assert "The organisation changed since the preview" in page.content.decode()
    assert User.objects.filter(is_active=False).count() == 0
    assert page.context["preview"].leaver_count == 2  # the preview as it now stands


def test_a_bad_roster_names_its_problems_and_is_not_kept(world: World) -> None:
    bad = (HEADER + "not-an-address,Someone,,,,,,,\n").encode()
    page = upload(world, bad)
    assert page.status_code == 422 and "Problems to fix" in page.content.decode()
    row = "nia@test.example,Nia,,,,,,Europe/Lisbon,pt,mentee\n"
    with_roles = (HEADER.strip() + ",role\n" + row).encode()
    page = upload(world, with_roles)
    assert page.status_code == 422 and "enrols nobody" in page.content.decode()
    assert not RosterUpload.objects.exists()


def test_someone_elses_upload_is_not_found(world: World) -> None:
    sent = upload(world, roster(*EVERYONE))
    other_admin = make_user("second.admin@test.example", "Sam Second", is_org_admin=True)
    assert client_for(other_admin).get(sent["Location"]).status_code == 404


class RosterServer(BaseHTTPRequestHandler):
    body = b""
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Type", "text/csv")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hr_server() -> Iterator[tuple[str, type[RosterServer]]]:
    handler = type("Handler", (RosterServer,), {})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/exports/roster.csv", handler
    server.shutdown()


def configure(world: World, source: str, percent: int = 50) -> None:
    roster_sync_configure(
        actor=world.admin, source=source, enabled=True, every_hours=24,
        max_leavers_percent=percent,
    )  # fmt: skip


def test_a_scheduled_pull_applies_the_roster_on_its_cadence(
    world: World, hr_server: tuple[str, type[RosterServer]]
) -> None:
    url, handler = hr_server
    handler.body = roster(*without("outsider@test.example"))
    configure(world, url)
    ran = roster_sync_run()
    assert ran is not None and ran.last_outcome == "done", ran and ran.message_words
    assert not User.objects.get(email="outsider@test.example").is_active
    assert roster_sync_run(now=timezone.now() + dt.timedelta(hours=1)) is None  # not due
    handler.status = 503
    later = roster_sync_run(now=timezone.now() + dt.timedelta(hours=24))
    assert later is not None and later.last_outcome == "failed"
    assert "answered 503" in later.message_words and later.last_success_at == ran.last_success_at
    page = client_for(world.admin).get("/identity/roster/").content.decode()
    assert "Failed" in page and "answered 503" in page
    with translation.override("de"):  # kept as words: each admin reads them in theirs
        assert later.message_words == "Die Adresse antwortete mit 503."


def test_a_pull_that_would_deactivate_too_many_is_held(
    world: World, hr_server: tuple[str, type[RosterServer]]
) -> None:
    url, handler = hr_server
    handler.body = roster("admin@test.example", "owner@test.example")
    configure(world, url, percent=20)  # 5 of 7 would leave
    with pytest.raises(CommandError):
        call_command("sync_roster")
    sync = RosterSync.objects.get()
    assert sync.last_outcome == "held" and "would deactivate 5 people" in sync.message_words
    assert User.objects.filter(is_active=False).count() == 0
    with translation.override("de"):  # each admin reads why in their own language
        assert "würde 5 Personen deaktivieren, mehr als die 1" in sync.message_words


def test_a_pulled_roster_with_problems_says_how_many_and_the_first_in_each_language(
    world: World, hr_server: tuple[str, type[RosterServer]]
) -> None:
    url, handler = hr_server
    bad = "bad@test.example,Bad Row,Analyst,two,Ops,,Lisbon,Mars/Olympus,pt\n"
    handler.body = roster(*EVERYONE) + bad.encode()
    configure(world, url)
    ran = roster_sync_run(force=True)
    assert ran is not None and ran.last_outcome == "failed"
    assert ran.message_words.startswith(
        "The roster has 2 problems, so nothing changed (the first, line 9: “two” is not a "
        "whole number.)"
    )
    with translation.override("de"):
        assert ran.message_words.startswith(
            "Die Personalliste hat 2 Probleme, daher wurde nichts geändert (das erste: "
            "Zeile 9: „two“ ist keine ganze Zahl.)"
        )
    with translation.override("ar"):
        assert "«two» ليس عددًا صحيحًا" in ran.message_words
    assert not User.objects.filter(email="bad@test.example").exists()


def test_a_local_roster_is_read_only_from_the_roster_folder(world: World, tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_bytes(roster(*EVERYONE, "nia@test.example"))
    (tmp_path.parent / "secret.csv").write_bytes(roster(*EVERYONE))
    with override_settings(KINDRED_ROSTER_DIR=str(tmp_path)):
        configure(world, "roster.csv")
        assert client_for(world.admin).post("/identity/roster/run/").status_code == 302
        assert User.objects.filter(email="nia@test.example").exists()
        page = client_for(world.admin).post(
            "/identity/roster/settings/",
            {"source": "../secret.csv", "every_hours": 24, "max_leavers_percent": 5},
        )
        assert page.status_code == 422 and "inside the roster folder" in page.content.decode()
        (tmp_path / "link.csv").symlink_to(tmp_path.parent / "secret.csv")
        RosterSync.objects.update(source="link.csv")
        ran = roster_sync_run(force=True)
        assert ran is not None and "not inside the roster folder" in ran.message_words
    refused = client_for(world.admin).post(
        "/identity/roster/settings/",
        {"source": "http://hr.example/roster.csv", "every_hours": 24, "max_leavers_percent": 5},
    )
    assert refused.status_code == 422 and "https://" in refused.content.decode()


def test_the_pull_stops_when_its_admin_is_no_longer_one(
    world: World, hr_server: tuple[str, type[RosterServer]]
) -> None:
    url, handler = hr_server
    handler.body = roster(*without("outsider@test.example"))
    configure(world, url)
    User.objects.filter(pk=world.admin.pk).update(is_org_admin=False)
    ran = roster_sync_run(force=True)
    assert ran is not None and ran.last_outcome == "failed"
    assert "can no longer act" in ran.message_words
    assert User.objects.get(email="outsider@test.example").is_active
