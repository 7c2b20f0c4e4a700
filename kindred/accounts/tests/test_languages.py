"""Each person reads Kindred in their own language: chosen on the language
page (each language named in itself), taken from the browser when they
first sign in or from the import's languages column, right to left in
Arabic; e-mails are written in the recipient's language whatever the
sender reads; anonymous pages follow the browser. Every shipped catalogue
is complete, and its compiled file says what it says."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from kindred.accounts.messages import PasswordChanged
from kindred.accounts.models import User
from kindred.accounts.services import language_set
from kindred.conftest import TEST_PASSWORD, World, client_for
from kindred.lib.errors import InvalidInput
from kindred.programs.services.roster import people_import

LOCALE = Path(settings.LOCALE_PATHS[0])
SHIPPED = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(code: str) -> Path:
    language, _, region = code.partition("-")
    folder = f"{language}_{region.upper()}" if region else language
    return LOCALE / folder / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_catalogue_is_complete_and_compiled(code: str) -> None:
    po = polib.pofile(str(catalogue(code)))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    assert not po.metadata_is_fuzzy
    compiled = polib.mofile(str(catalogue(code).with_suffix(".mo")))
    said = {(e.msgctxt, e.msgid): e.msgstr for e in compiled if e.msgid}
    assert said == {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}


def test_the_browser_language_becomes_the_persons_when_they_first_sign_in(world: World) -> None:
    browser = Client(headers={"accept-language": "ja,en;q=0.5"})
    signed = browser.post(
        "/accounts/sign-in/", {"username": world.owner.email, "password": TEST_PASSWORD}
    )
    assert signed.status_code == 302
    world.owner.refresh_from_db()
    assert world.owner.language == "ja"
    page = browser.get("/").content.decode()
    assert '<html lang="ja" dir="ltr">' in page and "ログアウト" in page
    # From another device, whose browser speaks German: still Japanese.
    elsewhere = client_for(world.owner)
    elsewhere.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    assert "ログアウト" in elsewhere.get("/").content.decode()


def test_choosing_arabic_turns_pages_right_to_left(world: World) -> None:
    owner = client_for(world.owner)
    page = owner.get("/accounts/language/").content.decode()
    assert 'lang="ar"' in page and "العربية" in page and "日本語" in page
    answer = owner.post("/accounts/language/", {"language": "ar"}, follow=True)
    html = answer.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "أصبح Kindred يتحدث لغتك." in html and "تسجيل الخروج" in html
    world.owner.refresh_from_db()
    assert world.owner.language == "ar"
    # The partner still reads English.
    assert '<html lang="en-gb" dir="ltr">' in client_for(world.partner).get("/").content.decode()


def test_an_unknown_language_is_refused_and_changes_nothing(world: World) -> None:
    owner = client_for(world.owner)
    world.owner.refresh_from_db()
    before = world.owner.language
    answer = owner.post("/accounts/language/", {"language": "xx"})
    assert answer.status_code == 200 and "xx" in answer.content.decode()
    with pytest.raises(InvalidInput):
        language_set(actor=world.owner, language="klingon")
    world.owner.refresh_from_db()
    assert world.owner.language == before


def test_pages_for_someone_not_signed_in_follow_the_browser(db: None) -> None:
    page = Client(headers={"accept-language": "fr-FR,fr;q=0.9"}).get("/accounts/sign-in/")
    html = page.content.decode()
    assert '<html lang="fr"' in html and "Aller au contenu" in html
    assert page["Content-Language"] == "fr"
    assert "Connectez-vous à Kindred" in html
    arabic = Client(headers={"accept-language": "ar-EG"}).get("/accounts/sign-in/")
    assert 'dir="rtl"' in arabic.content.decode()
    japanese = Client(headers={"accept-language": "ja"}).get("/accounts/sign-in/").content
    assert "Kindred にログイン" in japanese.decode() and "メールアドレス" in japanese.decode()


def test_an_email_is_written_in_its_recipients_language(world: World) -> None:
    """The same news to two people: each gets the layout in their language,
    the sender's own (English here) changes nothing."""
    language_set(actor=world.owner, language="ja")
    language_set(actor=world.partner, language="es")
    world.owner.refresh_from_db()
    world.partner.refresh_from_db()
    japanese = render_text_for(world.owner)
    spanish = render_text_for(world.partner)
    assert (
        'lang="ja"' in japanese and "リモート・ハイブリッドチームのためのメンタリング" in japanese
    )
    assert 'lang="es"' in spanish and "mentoría para equipos remotos e híbridos" in spanish
    world.participant.language = "ar"
    assert 'lang="ar" dir="rtl"' in render_text_for(world.participant)
    assert 'lang="en-gb"' in PasswordChanged(user=world.owner.pk, revoked=0).render(None).html


def render_text_for(person: User) -> str:
    """A real message, rendered as the outbox renders it for this person."""
    return PasswordChanged(user=person.pk, revoked=0).render(person).html


def test_the_import_sets_a_new_persons_language_from_the_languages_column(
    world: World,
) -> None:
    rows = (
        "email,full_name,title,level,department,manager_email,location,timezone,languages,role\n"
        'yuki@test.example,Yuki Sato,Lead,3,Ops,,Tokyo,Asia/Tokyo,"ja, en",\n'
        'amani@test.example,Amani Njeri,Lead,3,Ops,,Nairobi,Africa/Nairobi,"sw, en",\n'
        "kito@test.example,Kito Mwangi,Lead,3,Ops,,Nairobi,Africa/Nairobi,sw,\n"
    )
    people_import(actor=world.admin, programme=None, data=rows.encode(), filename="people.csv")
    languages = dict(User.objects.filter(email__in=[
        "yuki@test.example", "amani@test.example", "kito@test.example"]).values_list(
        "email", "language"))  # fmt: skip
    assert languages == {
        "yuki@test.example": "ja",
        "amani@test.example": "en-gb",
        "kito@test.example": "",
    }


def test_after_a_page_the_thread_speaks_no_ones_language(world: World) -> None:
    from django.utils import translation

    language_set(actor=world.owner, language="ja")
    client_for(world.owner).get("/")
    Client(headers={"accept-language": "fr"}).get("/accounts/sign-in/")
    assert translation.get_language() == settings.LANGUAGE_CODE
