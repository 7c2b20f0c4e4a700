"""In Chromium, on a phone's width, as an organisation admin would: upload
the HR roster, read who would leave, confirm, and see the result; then
map a directory group on the provisioning page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kindred.accounts.models import User
from kindred.conftest import World, make_user, signed_in
from kindred.identity.models import ScimGroup, ScimPerson
from kindred.identity.tests.test_roster_sync import EVERYONE, roster
from kindred.programs.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_syncs_the_roster_and_maps_a_directory_group(
    browser, live_server, world: World, tmp_path: Path
) -> None:
    base, shots = live_server.url, Path(os.environ.get("KINDRED_SHOTS", tmp_path))
    file = tmp_path / "roster.csv"
    file.write_bytes(roster(*[e for e in EVERYONE if e != "outsider@test.example"]))
    admin = signed_in(browser, base, world.admin.email, width=390)
    admin.goto(f"{base}/identity/provisioning/")
    admin.get_by_role("link", name="Sync the HR roster instead").click()
    admin.get_by_label("The organisation's full roster").set_input_files(str(file))
    admin.get_by_role("button", name="Check and preview").click()
    admin.get_by_role("heading", name="Confirm the roster").wait_for()
    admin.get_by_text("outsider@test.example").wait_for()
    admin.screenshot(path=str(shots / "roster-preview-phone.png"), full_page=True)
    assert User.objects.get(email="outsider@test.example").is_active
    admin.get_by_role("button", name="Import and deactivate 1 leaver").click()
    admin.get_by_text("1 deactivated as leavers").first.wait_for()
    admin.screenshot(path=str(shots / "roster-sync-phone.png"), full_page=True)
    assert not User.objects.get(email="outsider@test.example").is_active

    group = ScimGroup.objects.create(display_name="Alpha mentees")
    newcomer = make_user("nia@test.example", "Nia Newcomer")
    group.members.add(ScimPerson.objects.create(user=newcomer, user_name=newcomer.email))
    admin.goto(f"{base}/identity/provisioning/")
    admin.get_by_role("link", name="Change what “Alpha mentees” grants").click()
    admin.get_by_label("Members become").select_option(label="Mentee in a programme")
    admin.get_by_label("Programme").select_option(label=world.programme.name)
    admin.get_by_role("button", name="Save").click()
    admin.get_by_text("Mentee in Alpha Programme").wait_for()
    joined = Membership.objects.get(user=newcomer)
    assert (joined.programme, joined.role, joined.source) == (
        world.programme,
        "mentee",
        "directory",
    )
