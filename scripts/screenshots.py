"""Screenshots of Kindred's pages, for each role, at 1280 and 360 pixels.

    make screenshots            # writes docs/screenshots/*.png
    .venv/bin/python scripts/screenshots.py --only mentee --out /tmp/shots

Loads the demo into a fresh SQLite file, serves it on a free loopback port
and signs in as each demo person through the real form, with Debian's
Chromium (never a downloaded browser). What it visits is the demo's tour:
a new page is one line in kindred/demo/tour.py."""

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


def read_the_demo(env: dict[str, str]) -> None:
    """Django set up on the demo's database, to read the tour's addresses."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindred.settings")
    import django

    django.setup()


def wait_until_up(url: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The demo server did not answer at {url}.")


def shoot(
    base: str, tour: list[tuple[str, str, str]], out: Path, only: str | None, language: str
) -> int:
    from playwright.sync_api import sync_playwright

    taken = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        from kindred.demo.tour import SIGN_INS

        for role in dict.fromkeys(role for role, _, _ in tour):
            if only and role != only:
                continue
            for width in WIDTHS:
                page = browser.new_context(
                    viewport={"width": width, "height": 844 if width < 600 else 900}
                ).new_page()
                if role != "anonymous":
                    page.goto(f"{base}/accounts/sign-in/")
                    page.get_by_label("E-mail").fill(SIGN_INS[role])
                    page.get_by_label("Password").fill(PASSWORD)
                    page.get_by_role("button", name="Sign in").click()
                    page.wait_for_url(f"{base}/")
                    if language:  # chosen on the language page, as a person would
                        page.goto(f"{base}/accounts/language/")
                        page.locator(f"input[value='{language}']").check()
                        page.locator("form.card button[type=submit]").click()
                        page.wait_for_load_state()
                suffix = f"-{language}" if language else ""
                for who, name, path in tour:
                    if who != role:
                        continue
                    page.goto(base + path)
                    shot = out / f"{role}-{name}{suffix}-{width}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    taken += 1
                page.context.close()
        browser.close()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument(
        "--only", help="one role's pages: anonymous, mentee, mentor, manager, admin"
    )
    parser.add_argument(
        "--language", default="", help="read Kindred in this language (ar, ja, ...)"
    )
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as scratch:
        env = demo_environment(Path(scratch) / "demo.sqlite3", port)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "load_demo")
        read_the_demo(env)
        from kindred.demo.tour import pages

        tour = pages()  # read before the browser's event loop starts
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz")
            taken = shoot(f"http://127.0.0.1:{port}", tour, out, args.only, args.language)
        finally:
            server.terminate()
            server.wait()
    print(f"{taken} screenshots in {out}")


if __name__ == "__main__":
    main()
