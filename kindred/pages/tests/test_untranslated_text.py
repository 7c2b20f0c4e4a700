"""No template text escapes translation: every word people read in a
template goes through {% translate %} or {% blocktranslate %}, except in the
shrinking list of templates still being marked (kindred/locale)."""

from __future__ import annotations

from kindred.lib.untranslated import (
    ROOT,
    fixed_date_formats,
    lowered_words,
    not_yet_translated,
    plain_defaults,
    problems,
    stray_quotes,
    templates,
    untranslated_in,
    words_passed_to_includes,
)


def test_no_template_outside_the_list_has_untranslated_words() -> None:
    assert problems() == []


def test_the_list_names_only_templates_that_exist() -> None:
    existing = {str(path.relative_to(ROOT.parent)) for path in templates()}
    assert not_yet_translated() <= existing


def test_text_between_tags_and_read_attributes_is_found() -> None:
    found = untranslated_in(
        '<h1>Your profile</h1><img alt="A chart" src="x.png">'
        '<a href="{% url \'home\' %}" title="{{ x }}">{{ name }}</a>'
    )
    assert [f.text for f in found] == ["Your profile", "A chart"]


def test_translated_text_markup_and_names_are_not_words_to_translate() -> None:
    source = (
        '{% translate "Your profile" %}'
        "<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}</p>"
        "<script>var label = 'Not read';</script>{# a comment #}"
        "{% comment %}Notes to self{% endcomment %}"
        '<span class="badge ok">&middot; 42 · Kindred CSV</span>'
        '<div aria-label="{% translate "Pages" %}" data-x="{{ a }} words"></div>'
    )
    assert untranslated_in(source) == []


def test_a_tag_cut_by_a_variable_is_still_markup() -> None:
    assert untranslated_in('<meter value="{{ v }}" aria-labelledby="trait-{{ t }}">') == []
    found = untranslated_in(
        '<button aria-label="Remove {{ day }}">{% translate "Remove" %}</button>'
    )
    assert [f.text for f in found] == ["Remove"]


def test_a_quote_left_over_after_a_translated_attribute_is_found() -> None:
    broken = (
        '<td data-label="{% translate "When" %}"">x</td>\n<a title="{% translate "By " %}"{{ n }}">'
    )
    assert [p.split(": ", 1)[0] for p in stray_quotes(broken, "t.html")] == ["t.html:1", "t.html:2"]
    fine = '<div{% if sent %} data-announce="{% translate "Sent." %}"{% endif %}>'
    assert stray_quotes(fine) == []


def test_words_handed_to_an_included_template_are_found() -> None:
    plain = '{% include "_form_card.html" with card_id="add" heading="Add a question" %}'
    assert [p.split(": ", 1)[1] for p in words_passed_to_includes(plain)] == [
        'heading="Add a question" is not translated'
    ]
    translated = '{% include "_form_card.html" with card_id="add" heading=_("Add a question") %}'
    assert words_passed_to_includes(translated) == []


def test_lowercasing_what_people_read_is_found() -> None:
    assert lowered_words("{{ m.get_role_display|lower }}", "t.html") == [
        "t.html:1: |lower on words people read"
    ]
    assert lowered_words("{{ m.get_role_display }}") == []


def test_a_fallback_written_in_english_is_found() -> None:
    assert plain_defaults('{{ n.author.display_name|default:"Someone who left" }}', "t.html") == [
        't.html:1: default:"Someone who left" is not translated'
    ]
    assert plain_defaults('{{ who|default:_("someone") }} {{ actor|default:"Kindred" }}') == []


def test_a_date_in_englishs_order_is_found() -> None:
    assert fixed_date_formats('{{ m.start|date:"j M Y" }}', "t.html") == [
        't.html:1: date:"j M Y" is in English\'s order'
    ]
    assert fixed_date_formats('{{ d|date:_("j M Y") }} {{ d|date:"SHORT_DATE_FORMAT" }}') == []
