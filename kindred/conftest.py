"""The shared test world: two programmes, their managers and participants,
and an organisation admin. Every access test speaks in terms of these roles."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.db import connections, transaction
from django.test import Client

from kindred.accounts.models import User
from kindred.accounts.services import api_token_create
from kindred.guides.bank import ensure_question_bank
from kindred.guides.models import Question
from kindred.lib import cache
from kindred.meetings.models import Meeting
from kindred.profiles.models import Profile, Topic
from kindred.profiles.vocabulary import ensure_shared_vocabulary
from kindred.programs.models import Membership, Programme, ProgrammeStatus
from kindred.relationships.models import Relationship
from kindred.relationships.services import relationship_start


@dataclass
class World:
    admin: User
    programme: Programme
    other_programme: Programme
    manager: User
    other_manager: User
    owner: User  # a mentee in `programme`: the person whose things are tested
    partner: User  # a mentor in `programme` (a future mentoring partner)
    participant: User  # another mentee in `programme`
    outsider: User  # a participant of `other_programme` only

    def actors(self) -> dict[str, User | None]:
        return {
            "owner": self.owner,
            "partner": self.partner,
            "participant": self.participant,
            "outsider": self.outsider,
            "manager": self.manager,
            "other_manager": self.other_manager,
            "admin": self.admin,
            "anonymous": None,
        }


def make_user(email: str, name: str, **extra: object) -> User:
    return User.objects.create_user(email, TEST_PASSWORD, full_name=name, **extra)


def enrol(user: User, programme: Programme, role: str, **extra: object) -> Membership:
    return Membership.objects.create(programme=programme, user=user, role=role, **extra)


def make_meeting(
    relationship: Relationship, start: dt.datetime, *, minutes: int = 45, **extra: Any
) -> Meeting:
    """A meeting row as it stands, written directly (no invitations): for
    tests about what is recorded, not about arranging it. UTC unless a
    `zone` is given; proposed unless a `status` is."""
    extra.setdefault("zone", "UTC")
    return Meeting.objects.create(
        relationship=relationship, start=start, end=start + dt.timedelta(minutes=minutes), **extra
    )


def make_programme(slug: str, name: str) -> Programme:
    return Programme.objects.create(
        slug=slug,
        name=name,
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 12, 31),
        status=ProgrammeStatus.RUNNING,
    )


@pytest.fixture
def world(db: None) -> World:
    # Browser tests flush the database, vocabulary from migrations included.
    ensure_shared_vocabulary(Topic)
    ensure_question_bank(Question)
    admin = make_user("admin@test.example", "Ada Admin", is_org_admin=True, is_staff=True)
    programme = make_programme("alpha", "Alpha Programme")
    other_programme = make_programme("beta", "Beta Programme")
    manager = make_user("manager@test.example", "Maya Manager")
    other_manager = make_user("other.manager@test.example", "Otto Other")
    programme.managers.add(manager)
    other_programme.managers.add(other_manager)
    owner = make_user("owner@test.example", "Olu Owner", timezone="Asia/Kolkata")
    partner = make_user("partner@test.example", "Pat Partner", timezone="Europe/London")
    participant = make_user("participant@test.example", "Pia Participant")
    outsider = make_user("outsider@test.example", "Oscar Outsider")
    enrol(owner, programme, "mentee")
    enrol(partner, programme, "mentor")
    enrol(participant, programme, "mentee")
    enrol(outsider, other_programme, "mentee")
    return World(
        admin,
        programme,
        other_programme,
        manager,
        other_manager,
        owner,
        partner,
        participant,
        outsider,
    )


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Rate-limit counts and what is kept of people (their accounts and
    homes) live in the process's cache and memory: each test starts
    without them."""
    django_cache.clear()
    cache.forget_local_copies()


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_client_for(user: User | None) -> Client:
    """A client that authenticates like an integration: a personal token."""
    if user is None:
        return Client()
    _, raw = api_token_create(actor=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def process_env(db_port: int | None = None, **extra: str) -> dict[str, str]:
    """The environment for a Kindred process (a worker, gunicorn) started by a
    test: it works on the test's own database (through `db_port` if given),
    so the test must commit (`django_db(transaction=True)`) for the process
    to see its rows."""
    db = connections["default"].settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise RuntimeError("other processes share the test database on PostgreSQL only")
    url = f"postgres://{db['USER']}@{db['HOST']}:{db_port or db['PORT']}/{db['NAME']}"
    return {**os.environ, "KINDRED_TESTING": "1", "DATABASE_URL": url, **extra}


class CuttableProxy:
    """Forwards a local port to a server (PostgreSQL, Redis) until cut:
    cutting it severs every open session and refuses new ones, which is
    what a client sees of the server's restart, without stopping the server
    the rest of the suite is using."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.port = free_port()
        self.target = target
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    @classmethod
    def to_database(cls) -> CuttableProxy:
        db = connections["default"].settings_dict
        return cls((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))

    def open(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        assert self.listener is not None
        for sock in [self.listener, *self.sockets]:  # refuse new sessions, end open ones
            with contextlib.suppress(OSError):  # already closed by the other side
                sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked on it
            sock.close()
        self.sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in [(client, upstream), (upstream, client)]:
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass


def start_gunicorn(port: int, env: dict[str, str], log: Path, *options: str) -> Any:
    """gunicorn serving Kindred on loopback `port` in a process of its own,
    its output in `log`; `options` as on its command line."""
    command = [sys.executable, "-m", "gunicorn", "kindred.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", *options]
    root = Path(__file__).resolve().parents[1]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=out)


def fetch(
    url: str, *, headers: dict[str, str] | None = None, insecure: bool = False
) -> tuple[int, str]:
    """One GET from a server a test started: its status and body. An error
    status is answered, not raised; 0 when nothing answers (yet).
    `insecure` accepts a self-signed certificate."""
    context = ssl._create_unverified_context() if insecure else None
    try:
        asked = urllib.request.Request(url, headers=headers or {})
        with urllib.request.urlopen(asked, timeout=20, context=context) as answer:
            return answer.status, answer.read().decode(errors="replace")
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode(errors="replace")
    except OSError:
        return 0, ""


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f} s waiting until {what}")
        time.sleep(0.05)


@dataclass
class SmtpSink:
    host: str
    port: int
    messages: list[Any]


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[SmtpSink]:
    """A real SMTP server on loopback, and Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[Any] = []

    class Collect(Message):
        def handle_message(self, message: Any) -> None:
            received.append(message)

    port = free_port()  # aiosmtpd needs a concrete port to check readiness
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield SmtpSink("127.0.0.1", port, received)
    finally:
        controller.stop()


def text_of(message: Any) -> str:
    """The text/plain part of an e-mail received by the SMTP sink."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return str(part.get_payload(decode=True).decode())
    raise AssertionError("the e-mail has no text part")


def give_intake(
    user: User, *, seed: int = 0, skills: tuple[str, ...] = ("Presenting", "Writing")
) -> Profile:
    """A complete intake written straight to the database, varied by seed."""
    import random

    from kindred.profiles.instruments import WORK_VALUE_KEYS, score_tipi
    from kindred.profiles.models import REQUIRED_STEPS

    rng = random.Random(seed)
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.values = {key: rng.randint(1, 6) for key in WORK_VALUE_KEYS}
    profile.tipi_answers = [rng.randint(1, 7) for _ in range(10)]
    for trait, score in score_tipi(profile.tipi_answers).items():
        setattr(profile, trait, score)
    profile.calling = rng.choice(
        ["I want to lead remote teams well", "Research and writing matter to me"]
    )
    profile.working_windows = [{"day": d, "start": "08:00", "end": "18:00"} for d in range(5)]
    profile.sync_channels = ["video"]
    profile.steps_done = [s.value for s in REQUIRED_STEPS]
    profile.intake_completed_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    profile.save()
    chosen = list(Topic.objects.filter(kind="skill", name__in=skills))
    profile.skills_sought.set(chosen)
    profile.skills_offered.set(chosen)
    user.languages = ["en"]
    user.timezone = "Europe/London"
    user.save()
    return profile


def started_pair(world: World) -> Relationship:
    """The owner (mentee) and partner (mentor) with finished intakes, their
    relationship started, as a browser journey begins."""
    for n, person in enumerate([world.owner, world.partner]):
        give_intake(person, seed=n)
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


@pytest.fixture
def pair(world: World) -> Relationship:
    """The owner (mentee, in Asia/Kolkata) and the partner (mentor, in
    Europe/London), their relationship started; no intakes."""
    with transaction.atomic():
        return relationship_start(
            programme=world.programme, mentor=world.partner, mentee=world.owner, source="matching"
        )


@pytest.fixture
def pair_with_intakes(world: World) -> Relationship:
    """The same pair with both intakes finished: both in London, working
    Monday to Friday 08:00-18:00 (what times and suggestions need)."""
    return started_pair(world)


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM
    # guard would otherwise refuse the live server's test setup.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


def at_once(
    work: Callable[[Any], object],
    items: Sequence[Any],
    *,
    expected: tuple[type[Exception], ...] = (),
) -> list[object]:
    """Run work(item) for every item in its own thread with its own database
    connection, all released at the same instant. Returns what each call
    returned, or the `expected` exception it raised; anything else is raised."""
    barrier = threading.Barrier(len(items))
    results: list[object] = [None] * len(items)

    def run(position: int, item: Any) -> None:
        try:
            barrier.wait()
            results[position] = work(item)
        except Exception as exc:  # handed back to the test below
            results[position] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for result in results:
        if isinstance(result, Exception) and not isinstance(result, expected):
            raise result
    return results


TEST_PASSWORD = "a-long-test-password"  # make_user's


def sign_in(page: Any, base: str, email: str, password: str = TEST_PASSWORD) -> Any:
    """Sign in through the real form in a Playwright page; returns the page."""
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page


def page_words(html: bytes | str) -> str:
    """The words a person reads on a page, markup gone, in one line."""
    import re
    from html import unescape

    text = html.decode() if isinstance(html, bytes) else html
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def visible(html: bytes) -> str:
    """A page as a person reads it: without the per-request CSRF tokens, so
    two requests for the same page compare equal."""
    import re

    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html.decode())
    return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)


def signed_in(
    browser: Any, base: str, email: str, *, width: int = 1280, password: str = TEST_PASSWORD,
    **context: Any,
) -> Any:  # fmt: skip
    """A new page of its own browser context, `width` pixels wide, signed in."""
    viewport = {"width": width, "height": 844 if width < 600 else 900}
    page = browser.new_context(viewport=viewport, **context).new_page()
    return sign_in(page, base, email, password)


def follow_menu(page: Any, name: str) -> None:
    """Click a main-menu link as a person would: on a phone the menu is
    folded behind its button first."""
    button = page.locator(".menu-button")
    if button.is_visible():
        button.click()
    page.locator("#main-nav").get_by_role("link", name=name, exact=True).click()
