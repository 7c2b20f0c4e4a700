"""Production security: the deploy checks pass with production settings,
HTMX works under a CSP without inline scripts and sends the CSRF token on
every request, and the actions worth repeating for an attacker are limited."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

from kindred.accounts.models import ApiToken
from kindred.conftest import SmtpSink, World, client_for, signed_in
from kindred.lib import ratelimit
from kindred.lib.errors import TooMany
from kindred.messaging.models import Message
from kindred.notifications.models import Notification
from kindred.notifications.services import dispatch
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789",
    "ALLOWED_HOSTS": "kindred.example.org",
}
TEMPLATE_DIRS = sorted(ROOT.glob("kindred/**/templates"))


def production_env() -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DATABASE_URL")}
    return keep | PRODUCTION


def test_deploy_checks_pass_with_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_the_safe_ones() -> None:
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "X_FRAME_OPTIONS",
        "DEBUG",
    ]
    script = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    env = production_env() | {"DJANGO_SETTINGS_MODULE": "kindred.settings"}
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    values = json.loads(output.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "X_FRAME_OPTIONS": "DENY",
        "DEBUG": False,
    }


def test_the_policy_forbids_inline_scripts_and_framing(db: None) -> None:
    response = Client().get("/accounts/sign-in/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'" and "unsafe" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'" and response["X-Frame-Options"] == "DENY"


def test_no_template_carries_an_inline_script_or_handler() -> None:
    """So the policy can stay strict: scripts come from static files only."""
    offenders = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            text = template.read_text()
            for marker in ("<script>", "<script type", " onclick=", " onchange=", "hx-on"):
                if marker in text:
                    offenders.append(f"{template.relative_to(ROOT)}: {marker.strip()}")
    assert not offenders


def pair_of(world: World) -> Relationship:
    return relationship_start(
        programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
    )


def test_a_post_without_the_csrf_token_is_refused_and_the_htmx_header_is_enough(
    world: World,
) -> None:
    pair = pair_of(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    url = f"/relationships/{pair.pk}/messages/"
    assert client.post(url, {"body": "no token"}).status_code == 403
    page = client.get(url).content.decode()
    token = page.split('"X-CSRFToken": "')[1].split('"')[0]  # what base.html gives HTMX
    sent = client.post(
        url, {"body": "with token"}, headers={"X-CSRFToken": token, "HX-Request": "true"}
    )
    assert sent.status_code in (200, 302)
    assert list(Message.objects.values_list("body", flat=True)) == ["with token"]


def test_a_limit_window_opens_with_the_first_attempt_not_at_a_clock_edge() -> None:
    """A burst is counted as one however the clock's seconds fall, and the
    window closes its own length after the first attempt."""
    brief = ratelimit.Rate("test-brief", 3, 1, "too fast")
    for _ in range(brief.limit):
        ratelimit.hit(brief, "someone")
    with pytest.raises(TooMany):
        ratelimit.hit(brief, "someone")
    ratelimit.hit(brief, "someone else")  # each person counts alone
    time.sleep(1.2)
    ratelimit.hit(brief, "someone")


def test_password_resets_are_limited_per_address_and_email(
    world: World, smtp_server: SmtpSink
) -> None:
    client = Client()
    for _ in range(ratelimit.PASSWORD_RESET.limit):
        response = client.post("/accounts/password/reset/", {"email": "owner@test.example"})
        assert response.status_code == 302
    refused = client.post("/accounts/password/reset/", {"email": "owner@test.example"})
    assert refused.status_code == 429 and b"Too many reset requests" in refused.content
    # Queued through the outbox; the same link asked for twice is one e-mail.
    queued = Notification.objects.filter(kind="password_reset").count()
    dispatch()
    assert 1 <= len(smtp_server.messages) == queued <= ratelimit.PASSWORD_RESET.limit
    # From another address the same e-mail is still limited: the inbox is the target.
    elsewhere = Client(REMOTE_ADDR="10.9.9.9").post(
        "/accounts/password/reset/", {"email": "OWNER@test.example"}
    )
    assert elsewhere.status_code == 429


def test_token_creation_is_limited(world: World) -> None:
    client = client_for(world.owner)
    for n in range(ratelimit.TOKEN_CREATE.limit):
        assert client.post("/accounts/tokens/", {"name": f"t{n}"}).status_code == 200
    refused = client.post("/accounts/tokens/", {"name": "one too many"})
    assert refused.status_code == 429
    assert ApiToken.objects.filter(user=world.owner).count() == ratelimit.TOKEN_CREATE.limit


def test_messages_are_limited_and_the_limit_is_per_person(world: World) -> None:
    pair = pair_of(world)
    owner, partner = client_for(world.owner), client_for(world.partner)
    url = f"/relationships/{pair.pk}/messages/"
    for n in range(ratelimit.MESSAGE_SEND.limit):
        assert owner.post(url, {"body": f"m{n}"}).status_code == 302
    # The thread shows the refusal beside the draft, which it keeps.
    flood = owner.post(url, {"body": "flood"}).content.decode()
    assert "sending messages very fast" in flood and "flood</textarea>" in flood
    assert partner.post(url, {"body": "I can still answer"}).status_code == 302
    assert Message.objects.filter(sender=world.owner).count() == ratelimit.MESSAGE_SEND.limit


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_htmx_works_under_the_policy_and_sends_the_csrf_token(
    browser, live_server, world: World
) -> None:
    page = signed_in(browser, live_server.url, world.owner.email)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    with page.expect_request(lambda r: r.method == "POST" and "/develop/" in r.url) as posted:
        page.goto(f"{live_server.url}/develop/modules/trust/")
        page.locator("input[type=radio]").first.check()
        page.get_by_role("button", name="See the feedback").click()
    request = posted.value
    assert request.headers.get("hx-request") == "true" and request.headers.get("x-csrftoken")
    page.get_by_role("button", name="Choose again").wait_for()
    assert not violations


def test_the_api_docs_load_only_our_own_static_files(db: None) -> None:
    page = Client().get("/api/v1/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources)
    assert all(s.startswith("/static/") for s in sources), sources


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_docs_render_under_the_policy(browser, live_server, world: World) -> None:
    """(issue 20, finding 16: the docs page was blank, its CDN script blocked)"""
    page = signed_in(browser, live_server.url, world.owner.email)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security" in m.text else 0)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/me").first.wait_for()
    assert not violations
    page.context.close()


def test_no_page_carries_a_direction_override(world: World) -> None:
    """A name stored before names refused them (or a message) cannot
    reorder the page around it (issue 20, finding 16)."""
    from kindred.accounts.models import User
    from kindred.relationships.services import relationship_start

    User.objects.filter(pk=world.partner.pk).update(full_name="Pat \u202egpj.exe\u202c Partner")
    with transaction.atomic():
        pair = relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )
    Message.objects.create(relationship=pair, sender=world.partner, body="see \u2067file\u2069")
    for url in (f"/relationships/{pair.pk}/", f"/relationships/{pair.pk}/messages/", "/"):
        page = client_for(world.owner).get(url).content.decode()
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", page), url
    assert (
        "Pat gpj.exe Partner"
        in client_for(world.owner).get(f"/relationships/{pair.pk}/").content.decode()
    )


def test_the_byte_pattern_matches_exactly_the_direction_controls() -> None:
    from kindred.lib.text import DIRECTION_CONTROLS_UTF8

    controls = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    for code in range(0x2000, 0x2100):
        found = DIRECTION_CONTROLS_UTF8.search(f"a{chr(code)}b".encode())
        assert (found is not None) == (chr(code) in controls), hex(code)
