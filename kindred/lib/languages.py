"""ISO 639-1 language codes: the vocabulary HR exports and profiles use."""

from __future__ import annotations

import functools
from collections.abc import Mapping

from django.conf import settings
from django.utils import translation

_TABLE = """
aa Afar|ab Abkhazian|af Afrikaans|ak Akan|am Amharic|an Aragonese|ar Arabic|as Assamese|
av Avaric|ay Aymara|az Azerbaijani|ba Bashkir|be Belarusian|bg Bulgarian|bi Bislama|bm Bambara|
bn Bengali|bo Tibetan|br Breton|bs Bosnian|ca Catalan|ce Chechen|ch Chamorro|co Corsican|
cr Cree|cs Czech|cu Church Slavic|cv Chuvash|cy Welsh|da Danish|de German|dv Divehi|dz Dzongkha|
ee Ewe|el Greek|en English|eo Esperanto|es Spanish|et Estonian|eu Basque|fa Persian|ff Fulah|
fi Finnish|fj Fijian|fo Faroese|fr French|fy Western Frisian|ga Irish|gd Scottish Gaelic|
gl Galician|gn Guarani|gu Gujarati|gv Manx|ha Hausa|he Hebrew|hi Hindi|ho Hiri Motu|
hr Croatian|ht Haitian|hu Hungarian|hy Armenian|hz Herero|ia Interlingua|id Indonesian|
ie Interlingue|ig Igbo|ii Sichuan Yi|ik Inupiaq|io Ido|is Icelandic|it Italian|iu Inuktitut|
ja Japanese|jv Javanese|ka Georgian|kg Kongo|ki Kikuyu|kj Kuanyama|kk Kazakh|kl Kalaallisut|
km Khmer|kn Kannada|ko Korean|kr Kanuri|ks Kashmiri|ku Kurdish|kv Komi|kw Cornish|ky Kyrgyz|
la Latin|lb Luxembourgish|lg Ganda|li Limburgish|ln Lingala|lo Lao|lt Lithuanian|lu Luba-Katanga|
lv Latvian|mg Malagasy|mh Marshallese|mi Maori|mk Macedonian|ml Malayalam|mn Mongolian|
mr Marathi|ms Malay|mt Maltese|my Burmese|na Nauru|nb Norwegian Bokmal|nd North Ndebele|
ne Nepali|ng Ndonga|nl Dutch|nn Norwegian Nynorsk|no Norwegian|nr South Ndebele|nv Navajo|
ny Chichewa|oc Occitan|oj Ojibwa|om Oromo|or Odia|os Ossetian|pa Punjabi|pi Pali|pl Polish|
ps Pashto|pt Portuguese|qu Quechua|rm Romansh|rn Kirundi|ro Romanian|ru Russian|rw Kinyarwanda|
sa Sanskrit|sc Sardinian|sd Sindhi|se Northern Sami|sg Sango|si Sinhala|sk Slovak|sl Slovenian|
sm Samoan|sn Shona|so Somali|sq Albanian|sr Serbian|ss Swati|st Southern Sotho|su Sundanese|
sv Swedish|sw Swahili|ta Tamil|te Telugu|tg Tajik|th Thai|ti Tigrinya|tk Turkmen|tl Tagalog|
tn Tswana|to Tongan|tr Turkish|ts Tsonga|tt Tatar|tw Twi|ty Tahitian|ug Uyghur|uk Ukrainian|
ur Urdu|uz Uzbek|ve Venda|vi Vietnamese|vo Volapuk|wa Walloon|wo Wolof|xh Xhosa|yi Yiddish|
yo Yoruba|za Zhuang|zh Chinese|zu Zulu
"""


@functools.cache
def language_names() -> dict[str, str]:
    entries = (entry.strip() for entry in _TABLE.replace("\n", "").split("|"))
    return dict(entry.split(" ", 1) for entry in entries if entry)


def is_known_language(code: str) -> bool:
    return code in language_names()


def language_choices() -> list[tuple[str, str]]:
    """Every language, named and ordered in the reader's language."""
    return list(_choices_in(translation.get_language() or settings.LANGUAGE_CODE))


@functools.cache
def _choices_in(language: str) -> tuple[tuple[str, str], ...]:
    names = names_in(language)
    return tuple(sorted(names.items(), key=lambda c: c[1].casefold()))


def reader_language_names() -> Mapping[str, str]:
    """Code to name, in the reader's language (CLDR's names, through Babel;
    the English name where CLDR has none)."""
    return names_in(translation.get_language() or settings.LANGUAGE_CODE)


@functools.cache
def names_in(language: str) -> dict[str, str]:
    from babel import Locale, UnknownLocaleError

    english = language_names()
    try:
        known = Locale.parse(translation.to_locale(language)).languages
    except (UnknownLocaleError, ValueError):
        return english
    return {code: known.get(code, name) for code, name in english.items()}


def parse_language_list(raw: str) -> tuple[list[str], list[str]]:
    """Split "en; fr, HI" into (known codes in order, unknown entries).

    HR exports separate languages with semicolons, commas, slashes or spaces."""
    known: list[str] = []
    unknown: list[str] = []
    for token in raw.replace(";", " ").replace(",", " ").replace("/", " ").split():
        code = token.strip().lower()
        if not is_known_language(code):
            unknown.append(token)
        elif code not in known:
            known.append(code)
    return known, unknown


def interface_language(codes: list[str]) -> str:
    """The first of a person's languages (ISO 639-1) that Kindred is
    written in, as a Django language code; empty if none is."""
    shipped = {code.split("-")[0]: code for code, _ in settings.LANGUAGES}
    return next((shipped[c] for c in codes if c in shipped), "")


def shipped_language(code: str) -> str:
    """The shipped language (a Django code) that `code` names, matching
    "pt-BR" to "pt-br" and "fr-CA" to "fr"; empty if Kindred has none."""
    code = code.strip().lower().replace("_", "-")
    shipped = [c for c, _ in settings.LANGUAGES]
    return next((c for c in (code, code.split("-")[0]) if c in shipped), "")


def reader_text(original: str, translations: Mapping[str, str], language: str = "") -> str:
    """What a programme wrote, in the reader's language (the active one
    unless given) where the programme gave a translation, else as written."""
    wanted = shipped_language(language or translation.get_language() or "")
    given = str(translations.get(wanted, "")).strip() if wanted else ""
    return given or original
