"""In Chromium, every page of the demo for each role, at a laptop's width
and a phone's (kindred/demo/tour.py): no page scrolls sideways, and
axe-core (the npm package, injected into the page) finds no accessibility
violation of any impact, also after an HTMX swap and with form errors, and
no id is used twice."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kindred.conftest import sign_in
from kindred.demo.builder import DEMO_PASSWORD, build_demo
from kindred.demo.tour import SIGN_INS, pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 360)


def violations(page: Any) -> list[str]:
    """axe-core's findings on the page as it stands, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(' | '))"
    )
    return list(found)


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def check(page: Any, where: str, problems: list[str]) -> None:
    wider = overflow(page)
    if wider > 0:
        widest = page.evaluate(
            "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect()"
            ".right > window.innerWidth + 1).slice(-3).map(e => e.tagName + '.' + e.className)"
        )
        problems.append(f"{where}: {wider}px sideways scroll ({json.dumps(widest)})")
    problems.extend(f"{where}: {v}" for v in violations(page))
    problems.extend(f"{where}: id {i!r} used twice" for i in repeated_ids(page))


def repeated_ids(page: Any) -> list[str]:
    """Ids used by more than one element: a label then names only the first
    field, and the rest go unnamed (axe no longer checks this)."""
    return list(
        page.evaluate(
            "(() => { const seen = {}; document.querySelectorAll('[id]').forEach("
            "e => { seen[e.id] = (seen[e.id] || 0) + 1; });"
            " return Object.keys(seen).filter(k => seen[k] > 1); })()"
        )
    )


def visit(browser: Any, base: str, role: str, width: int) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": 844 if width < 600 else 900}, bypass_csp=True
    )
    page = context.new_page()
    if role != "anonymous":
        sign_in(page, base, SIGN_INS[role], DEMO_PASSWORD)
    return page


def test_every_page_fits_and_passes_axe(browser, live_server) -> None:
    assert AXE.exists(), "make test installs axe-core (npm ci)"
    build_demo()
    tour = pages()
    problems: list[str] = []
    for role in dict.fromkeys(role for role, _, _ in tour):
        for width in WIDTHS:
            page = visit(browser, live_server.url, role, width)
            for who, name, path in tour:
                if who != role:
                    continue
                response = page.goto(live_server.url + path)
                assert response is not None and response.status == 200, (role, path)
                check(page, f"{role} {name} @{width}", problems)
            page.context.close()
    assert not problems, "\n".join(problems)


def test_swapped_content_and_form_errors_pass_axe(browser, live_server) -> None:
    build_demo()
    ids = {name: path for role, name, path in pages() if role in ("mentee", "manager")}
    problems: list[str] = []
    for width in WIDTHS:
        mentee = visit(browser, live_server.url, "mentee", width)
        mentee.goto(live_server.url + ids["relationship"])
        mentee.locator(".tabs").get_by_role("link", name="Meetings").click()
        mentee.locator("#meetings-heading").wait_for()
        mentee.get_by_role("link", name="Suggest times that suit you both").click()
        mentee.locator("#suggestions h2, #suggestions h3").first.wait_for()
        check(mentee, f"meetings swapped in, with suggestions @{width}", problems)
        mentee.goto(live_server.url + ids["relationship-commitments"])
        # Nothing filled in, past the browser's own checks: the server's errors.
        mentee.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        mentee.get_by_role("button", name="Add", exact=True).click()
        mentee.locator("[data-error-summary]").wait_for()
        check(mentee, f"commitment form with errors @{width}", problems)
        mentee.context.close()

        manager = visit(browser, live_server.url, "manager", width)
        manager.goto(live_server.url + ids["participants"])
        manager.get_by_label("Search").fill("an")
        manager.wait_for_function(
            "document.querySelector('#results') && !document.querySelector('.htmx-request')"
        )
        check(manager, f"participants searched @{width}", problems)
        manager.goto(live_server.url + ids["programme-edit"])
        manager.get_by_label("Name").fill("")
        manager.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
        manager.get_by_role("button", name="Save").click()
        manager.locator("[data-error-summary]").wait_for()
        check(manager, f"programme form with errors @{width}", problems)
        manager.context.close()
    assert not problems, "\n".join(problems)


def test_every_page_in_arabic_reads_right_to_left_and_passes_axe(browser, live_server) -> None:
    """Right to left, for every role: the layout mirrors (logical CSS
    properties), nothing scrolls sideways, axe finds nothing, and no id
    repeats."""
    from kindred.accounts.models import User

    build_demo()
    User.objects.filter(email__in=SIGN_INS.values()).update(language="ar")
    tour = pages()
    problems: list[str] = []
    for role in dict.fromkeys(role for role, _, _ in tour):
        for width in WIDTHS:
            page = visit(browser, live_server.url, role, width)
            if role == "anonymous":  # not signed in: the browser's language
                page.context.set_extra_http_headers({"Accept-Language": "ar"})
            for who, name, path in tour:
                if who != role:
                    continue
                page.goto(live_server.url + path)
                assert page.evaluate("document.documentElement.dir") == "rtl", path
                check(page, f"{role} {name} in Arabic @{width}", problems)
            page.context.close()
    assert not problems, "\n".join(problems)
