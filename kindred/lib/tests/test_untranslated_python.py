"""No error, message or form label in Python escapes translation."""

from __future__ import annotations

from kindred.lib.untranslated_python import problems, untranslated_in


def test_no_module_shows_people_untranslated_words() -> None:
    assert problems() == []


def test_plain_words_given_to_people_are_found() -> None:
    source = """
raise Conflict("This run has not finished.")
raise InvalidInput.on("reason", f"Keep it under {limit} characters.")
messages.success(request, "Saved the programme.")
form.add_error("file", "The file is too large.")
name = forms.CharField(label="Find a person")
"""
    assert [line.split(":")[1] for line in untranslated_in(source, "m.py")] == [
        "2", "3", "4", "5", "6"
    ]  # fmt: skip


def test_translated_words_and_codes_are_not() -> None:
    source = """
raise Conflict(_("This run has not finished."))
messages.success(request, _("Saved %(name)s.") % {"name": name})
form.add_error("code", NO_MATCH)
raise NotFound("missing")  # a code, not a sentence
kind = forms.ChoiceField(label=gettext_lazy("Kind"))
"""
    assert untranslated_in(source) == []


def test_an_error_the_code_derives_and_a_sentence_joined_from_parts_are_found() -> None:
    source = """
class Held(InvalidInput):
    status = 409
raise Held(f"This roster would deactivate {count} people.")
messages.success(request, " ".join([*notes, f"Imported {rows} people."]))
raise Forbidden(refusal(modules, "before matching"))
"""
    assert [line.split(":")[1] for line in untranslated_in(source, "m.py")] == ["4", "5", "6"]


def test_separators_and_values_inside_a_translated_sentence_are_not() -> None:
    source = """
messages.error(request, " ".join([exc.message, *lines]))
raise Conflict(_("Only %(who)s may.") % {"who": f"{a} {b}"})
raise Forbidden(ngettext("One module %(n)s.", "Modules %(n)s.", n) % {"n": n})
"""
    assert untranslated_in(source) == []
