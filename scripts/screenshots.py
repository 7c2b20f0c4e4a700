"""Screenshots of Kindred's pages, for each role, at 1280 and 360 pixels.

    make screenshots            # writes docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --only mentee --out /tmp/shots

Loads the demo into a fresh SQLite file, serves it on a free loopback port
and signs in as each demo person through the real form, with Debian's
Chromium (never a downloaded browser). What it visits is listed in PAGES,
so a new page is one line here."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (1280, 360)
PASSWORD = "kindred-demo-2026"
ROLES = {
    "mentee": "ananya.iyer@northwind.example",
    "mentor": "kenji.watanabe@northwind.example",
    "manager": "amara.okafor@northwind.example",
    "admin": "admin@northwind.example",
}
# (role, name, path); {pair}, {run}, {case}, {main}, {second} filled from the demo.
PAGES = [
    ("anonymous", "sign-in", "/accounts/sign-in/"),
    ("mentee", "home", "/"),
    ("mentee", "notifications", "/notifications/"),
    ("mentee", "matches", "/matches/"),
    ("mentee", "relationship", "/relationships/{pair}/"),
    ("mentee", "relationship-meetings", "/relationships/{pair}/sections/meetings/"),
    ("mentee", "relationship-agreement", "/relationships/{pair}/sections/agreement/"),
    ("mentee", "relationship-commitments", "/relationships/{pair}/sections/commitments/"),
    ("mentee", "relationship-health", "/relationships/{pair}/sections/health/"),
    ("mentee", "messages", "/relationships/{pair}/messages/"),
    ("mentee", "guide", "/relationships/{pair}/guide/"),
    ("mentee", "survey", "/relationships/{pair}/survey/"),
    ("mentee", "mentors", "/programmes/{main}/mentors/"),
    ("mentee", "develop", "/develop/"),
    ("mentee", "profile", "/profile/"),
    ("mentee", "account", "/accounts/tokens/"),
    ("mentor", "home", "/"),
    ("mentor", "relationship", "/relationships/{pair}/"),
    ("manager", "home", "/"),
    ("manager", "programmes", "/programmes/"),
    ("manager", "programme", "/programmes/{main}/"),
    ("manager", "programme-edit", "/programmes/{main}/edit/"),
    ("manager", "participants", "/programmes/{main}/participants/"),
    ("manager", "invitations", "/programmes/{main}/invitations/"),
    ("manager", "matching", "/programmes/{main}/matching/"),
    ("manager", "run", "/matching/runs/{run}/"),
    ("manager", "dashboard", "/programmes/{main}/dashboard/"),
    ("manager", "at-risk", "/programmes/{main}/at-risk/"),
    ("manager", "cases", "/programmes/{main}/cases/"),
    ("manager", "second-programme", "/programmes/{second}/"),
    ("admin", "home", "/"),
    ("admin", "audit", "/audit/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def demo_environment(database: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DEBUG": "1",
        "KINDRED_DEMO": "1",
        "SECURE_COOKIES": "0",
        "DATABASE_URL": f"sqlite:///{database}",
        "KINDRED_BASE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def demo_ids(env: dict[str, str]) -> dict[str, str]:
    """The demo's pair, run, case and programmes, read from its database."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django

    django.setup()
    from kindred.demo import builder
    from kindred.matching.models import MatchRun
    from kindred.relationships.models import Relationship
    from kindred.safety.models import ConcernReport

    pair = Relationship.objects.get(
        mentee__email=ROLES["mentee"], programme__slug=builder.MAIN_SLUG
    )
    run = MatchRun.objects.order_by("-pk").first()
    case = ConcernReport.objects.order_by("pk").first()
    return {
        "pair": str(pair.pk),
        "run": str(run.pk if run else 0),
        "case": str(case.pk if case else 0),
        "main": builder.MAIN_SLUG,
        "second": builder.SECOND_SLUG,
    }


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo server did not answer at {url}.")


def shoot(base: str, ids: dict[str, str], out: Path, only: str | None) -> int:
    from playwright.sync_api import sync_playwright

    taken = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for role in dict.fromkeys(role for role, _, _ in PAGES):
            if only and role != only:
                continue
            for width in WIDTHS:
                page = browser.new_context(
                    viewport={"width": width, "height": 844 if width < 600 else 900}
                ).new_page()
                if role != "anonymous":
                    page.goto(f"{base}/accounts/sign-in/")
                    page.get_by_label("E-mail").fill(ROLES[role])
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_url(f"{base}/")
                for who, name, path in PAGES:
                    if who != role:
                        continue
                    page.goto(base + path.format(**ids))
                    page.screenshot(path=str(out / f"{role}-{name}-{width}.png"), full_page=True)
                    taken += 1
                page.context.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--only", choices=["anonymous", *ROLES], help="one role's pages")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = demo_environment(Path(scratch) / "demo.sqlite3", port)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "load_demo")
        ids = demo_ids(env)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            taken = shoot(f"http://127.0.0.1:{port}", ids, out, args.only)
        finally:
            server.terminate()
            server.wait()
    print(f"{taken} screenshots in {out}")


if __name__ == "__main__":
    main()
