"""Every page of the demo for each role, at a phone's width, in a
pseudo-locale whose words are all 40 % longer (kindred/pages/tests/pseudo.py):
no page scrolls sideways and no text is cut off by its box, so a language
that runs long (German, French, Portuguese) fits too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings

from kindred.accounts.models import User
from kindred.demo.builder import build_demo
from kindred.demo.tour import SIGN_INS, pages
from kindred.pages.tests import pseudo
from kindred.pages.tests.test_every_page import overflow, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 360

# Boxes that cut off what does not fit (overflow hidden or clip, or an
# ellipsis), whose content is wider or taller than the box. Boxes of a
# pixel or two are the visually hidden labels screen readers read; what is
# typed in a field scrolls inside it (a long link to copy), as it should.
CLIPPED = """
[...document.querySelectorAll('body *')].filter(e => {
  if (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA') return false;
  const s = getComputedStyle(e);
  const clips = v => v === 'hidden' || v === 'clip';
  if (e.clientWidth <= 2 || e.clientHeight <= 2) return false;
  const wide = (clips(s.overflowX) || s.textOverflow === 'ellipsis')
    && e.scrollWidth > e.clientWidth + 1;
  const tall = clips(s.overflowY) && e.scrollHeight > e.clientHeight + 1;
  return wide || tall;
}).slice(0, 3).map(e => e.tagName + '.' + e.className + ': '
  + e.textContent.trim().replace(/\\s+/g, ' ').slice(0, 50))
"""


def test_the_pseudo_locale_changes_every_word_it_can() -> None:
    assert pseudo.pseudo("Save") == "Šávéxx"
    kept = pseudo.pseudo("Join %(name)s as a <strong>mentor</strong> &amp; more")
    assert "%(name)s" in kept and "<strong>" in kept and "&amp;" in kept
    assert len(pseudo.pseudo("Suggest times that suit you both")) >= 1.4 * 26


def test_every_page_fits_a_phone_when_words_run_long(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    locales = pseudo.build(tmp_path)
    languages = [*settings.LANGUAGES, (pseudo.CODE, "Pseudo")]
    with override_settings(LOCALE_PATHS=[*settings.LOCALE_PATHS, locales], LANGUAGES=languages):
        build_demo()
        User.objects.filter(email__in=SIGN_INS.values()).update(language=pseudo.CODE)
        problems = _tour(browser, live_server.url)
    assert not problems, "\n".join(problems)


def _tour(browser: Any, base: str) -> list[str]:
    tour = pages()
    problems: list[str] = []
    for role in dict.fromkeys(role for role, _, _ in tour):
        page = visit(browser, base, role, PHONE)
        if role == "anonymous":  # not signed in: the browser's language
            page.context.set_extra_http_headers({"Accept-Language": pseudo.CODE})
        for who, name, path in tour:
            if who != role:
                continue
            response = page.goto(base + path)
            assert response is not None and response.status == 200, (role, path)
            assert page.evaluate("document.documentElement.lang") == pseudo.CODE, path
            wider = overflow(page)
            if wider > 0:
                problems.append(f"{role} {name}: {wider}px sideways scroll")
            problems.extend(f"{role} {name}: cut off {c}" for c in page.evaluate(CLIPPED))
        page.context.close()
    return problems
