"""Find words in Python that people read but no translator will ever see:
a plain string given to an error people are shown (the domain errors and
every class the code derives from them, ValidationError), to a message on
the next page (messages.success and its kin), to a form error (add_error),
as a form field's label or help text (keyword, a ModelForm's Meta.labels
and help_texts, or `field.label = ...`), as a model field's verbose name,
or as a home-page step's title or detail; inside a joined sentence or an
f-string too. Each goes through gettext, or it reaches a reader of Spanish
or Arabic in English.

`python -m kindred.lib.untranslated` (make lint) runs it with the
templates' check; its test runs it too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ERRORS = {
    "InvalidInput",
    "NotFound",
    "Conflict",
    "Forbidden",
    "ValidationError",
    "SaidInWords",
    "DomainError",
}
MESSAGES = {"success", "info", "warning", "error"}
KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "title", "detail"}
# Calls whose message is their second argument: InvalidInput.on(field,
# message), add_error(field, message), a home-page Step(urgency, title).
SECOND = {"on", "add_error", "Step"}

# Modules whose words are read by machines, not people: a SCIM client reads
# these errors, and they stay in the protocol's English.
MACHINE_READ = {
    "identity/scim.py",
    "identity/scim_groups.py",
    "identity/services/provisioning.py",
    "identity/services/groups.py",
}

# Two words in a row: a sentence or a label, not a code or a single name.
WORDS = re.compile(r"[A-Za-z]{2,}[,.:;]?\s+[(\[“\"]?[A-Za-z]")
# Calls whose strings a translator sees (or that say what to translate).
TRANSLATING = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "phrase",
    "phrases",
}


def _has_words(text: str) -> bool:
    return WORDS.search(text) is not None


def _plain(node: ast.AST | None) -> bool:
    """Words in English anywhere in what is shown (a literal, an f-string,
    a list joined into a sentence), outside a call that translates them."""
    if node is None:
        return False
    if isinstance(node, ast.Call) and _name(node) in TRANSLATING:
        return False
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # _("...") % values
        return _plain(node.left)
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):  # read with a word where each value goes
        return _has_words(
            "".join(
                str(part.value) if isinstance(part, ast.Constant) else "x" for part in node.values
            )
        )
    return any(_plain(child) for child in ast.iter_child_nodes(node))


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_model_field(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "models"
        and func.attr.endswith("Field")
    )


def _form_meta_words(tree: ast.AST) -> list[ast.expr]:
    """A ModelForm's Meta.labels and help_texts ({field: words}), and a
    label or help text set on a field in a form's __init__."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign):
            continue
        names = {t.id for t in node.targets if isinstance(t, ast.Name)}
        attributes = {t.attr for t in node.targets if isinstance(t, ast.Attribute)}
        if names & {"labels", "help_texts"} and isinstance(node.value, ast.Dict):
            found += [value for value in node.value.values if value is not None]
        if attributes & KEYWORDS:
            found.append(node.value)
    return found


def _on_messages(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and (func.value.id == "messages")
    )


def _message_position(call: ast.Call, errors: set[str]) -> int | None:
    """Which positional argument of the call is the message people read."""
    name = _name(call)
    if name in errors or _is_model_field(call):  # a model field's verbose name comes first
        return 0
    if name in SECOND:
        return 1
    if name in MESSAGES and _on_messages(call):  # messages.success(request, message)
        return 1
    return None


# The audit log is a record kept in one language (its entries are never
# rewritten), and the API's own OpenAPI description is for developers.
KEPT_IN_ENGLISH = {"record", "event", "KindredAPI"}


def _shown(call: ast.Call, errors: set[str]) -> list[ast.expr]:
    """The arguments of a call that people read."""
    if _name(call) in KEPT_IN_ENGLISH:
        return []
    found: list[ast.expr] = [k.value for k in call.keywords if k.arg in KEYWORDS]
    position = _message_position(call, errors)
    if position is not None and len(call.args) > position:
        found.append(call.args[position])
    return found


def error_classes(trees: list[ast.Module]) -> set[str]:
    """ERRORS and every class the code derives from them (a roster's Held
    is an InvalidInput people read too)."""
    known = set(ERRORS)
    classes = [node for tree in trees for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        found = {c.name for c in classes if any(_base_name(b) in known for b in c.bases)}
        grew = not found <= known
        known |= found
    return known


def _base_name(base: ast.expr) -> str:
    if isinstance(base, ast.Attribute):
        return base.attr
    return base.id if isinstance(base, ast.Name) else ""


def untranslated_in(source: str, path: str = "", errors: set[str] | None = None) -> list[str]:
    tree = ast.parse(source)
    errors = errors if errors is not None else error_classes([tree])
    shown = [
        node
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        for node in _shown(call, errors)
    ]
    return [
        f"{path}:{node.lineno}: words people read are not translated"
        for node in shown + _form_meta_words(tree)
        if _plain(node)
    ]


def modules(root: Path = ROOT) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and str(path.relative_to(root)) not in MACHINE_READ
        and "engines" not in path.parts  # plain data: apps translate what engines say
        and "demo" not in path.parts  # the demo's people wrote their own words
    )


def problems(paths: list[Path] | None = None) -> list[str]:
    sources = {path: path.read_text() for path in paths or modules()}
    errors = error_classes([ast.parse(source) for source in sources.values()])
    return [
        problem
        for path, source in sources.items()
        for problem in untranslated_in(source, str(path.relative_to(ROOT.parent)), errors)
    ]
