"""Find words in Python that people read but no translator will ever see:
a plain string given to an error people are shown (InvalidInput, NotFound,
Conflict, Forbidden, ValidationError), to a message on the next page
(messages.success and its kin), to a form error (add_error) or as a form
field's label or help text. Each goes through gettext, or it reaches a
reader of Spanish or Arabic in English.

`python -m kindred.lib.untranslated` (make lint) runs it with the
templates' check; its test runs it too."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ERRORS = {"InvalidInput", "NotFound", "Conflict", "Forbidden", "ValidationError"}
MESSAGES = {"success", "info", "warning", "error"}
KEYWORDS = {"label", "help_text", "empty_label"}

# Modules whose words are read by machines, not people: a SCIM client reads
# these errors, and they stay in the protocol's English.
MACHINE_READ = {
    "identity/scim.py",
    "identity/scim_groups.py",
    "identity/services/provisioning.py",
    "identity/services/groups.py",
}


def _plain(node: ast.AST | None) -> bool:
    """A string literal (or f-string) with a word in it, not a code."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _on_messages(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and (func.value.id == "messages")
    )


def _message_position(call: ast.Call) -> int | None:
    """Which positional argument of the call is the message people read."""
    name = _name(call)
    if name in ERRORS:
        return 0
    if name in {"on", "add_error"}:  # InvalidInput.on(field, message), add_error(field, message)
        return 1
    if name in MESSAGES and _on_messages(call):  # messages.success(request, message)
        return 1
    return None


def _shown(call: ast.Call) -> list[ast.expr]:
    """The arguments of a call that people read."""
    found: list[ast.expr] = [k.value for k in call.keywords if k.arg in KEYWORDS]
    position = _message_position(call)
    if position is not None and len(call.args) > position:
        found.append(call.args[position])
    return found


def untranslated_in(source: str, path: str = "") -> list[str]:
    return [
        f"{path}:{node.lineno}: words people read are not translated"
        for call in ast.walk(ast.parse(source))
        if isinstance(call, ast.Call)
        for node in _shown(call)
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
    )


def problems(paths: list[Path] | None = None) -> list[str]:
    return [
        problem
        for path in paths or modules()
        for problem in untranslated_in(path.read_text(), str(path.relative_to(ROOT.parent)))
    ]
