"""Mark the words people read in Python modules for translation, in place.

    .venv/bin/python scripts/mark_python_words.py kindred/foo/services.py ...

The companion of mark_template_words.py, for the Python that was written
before Kindred spoke other languages. It wraps the strings of:
- errors people see (InvalidInput, NotFound, Conflict, Forbidden, TooMany,
  BadRequest, ValidationError, and a module's own `_invalid` and errors
  named like `...Error`/`...Refused` given as arguments below);
- `messages.success/info/warning/error(request, ...)` and `add_error(field, ...)`;
- `label=`, `help_text=`, `empty_label=` and "placeholder"/"aria-label" in attrs.
Inside a function a string becomes `_("...")` (gettext, read now); at module
or class level `gettext_lazy("...")`, read when shown. An f-string becomes a
named-placeholder message: f"Choose at most {n}." -> _("Choose at most
%(n)s.") % {"n": n}. Reread the result: plurals want ngettext, and a
string that is a code, not words, wants its wrapper removed.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

ERRORS = {
    "InvalidInput",
    "NotFound",
    "Conflict",
    "Forbidden",
    "TooMany",
    "BadRequest",
    "ValidationError",
    "_invalid",
    "on",
}
MESSAGES = {"success", "info", "warning", "error"}
KEYWORDS = {"label", "help_text", "empty_label", "detail"}
CHOICES = {"TextChoices", "IntegerChoices"}
QUESTIONS = {"Question", "EmailFate", "OptionalKind", "Step"}
ATTRIBUTES = {"placeholder", "aria-label", "title"}
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_words(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if re.fullmatch(r"[a-z0-9_.:-]*", node.value):
            return False  # a code or a key ("reminders", "held"), not words
        return bool(_WORDS.search(node.value)) and "_" not in node.value.split(" ")[0]
    return isinstance(node, ast.JoinedStr)


def _strings(node: ast.expr) -> list[ast.expr]:
    """The strings people read in an argument: itself, both sides of a
    conditional, each part of a sum of strings."""
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _strings(node.left) + _strings(node.right)
    return [node] if _is_words(node) else []


class Finder(ast.NodeVisitor):
    def __init__(self, extra_errors: set[str]) -> None:
        self.found: list[tuple[ast.expr, bool]] = []  # (string node, inside a function)
        self.depth = 0
        self.errors = ERRORS | extra_errors

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        strings: list[ast.expr] = []
        if name in self.errors:
            strings = [x for a in node.args[-1:] for x in _strings(a)]
        elif name in QUESTIONS:
            strings = [x for a in node.args for x in _strings(a)]
        elif name == "add_error" or (
            name in MESSAGES and _name(getattr(node.func, "value", node.func)) == "messages"
        ):
            strings = [x for a in node.args[1:2] for x in _strings(a)]
        strings += [k.value for k in node.keywords if k.arg in KEYWORDS and _is_words(k.value)]
        self.found += [(s, self.depth > 0) for s in strings]
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        """The labels of TextChoices and IntegerChoices members."""
        if any(_name(base) in CHOICES for base in node.bases):
            for item in node.body:
                value = getattr(item, "value", None)
                if isinstance(item, ast.Assign) and isinstance(value, ast.Tuple):
                    self.found += [(e, False) for e in value.elts[1:2] if _is_words(e)]
        self.generic_visit(node)

    def visit_keyword(self, node: ast.keyword) -> None:
        """choices=[("held", "We met"), ...]: the labels."""
        if node.arg == "choices" and isinstance(node.value, ast.List | ast.Tuple):
            pairs = [e for e in node.value.elts if isinstance(e, ast.Tuple) and len(e.elts) == 2]
            self.found += [(p.elts[1], self.depth > 0) for p in pairs if _is_words(p.elts[1])]
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in ATTRIBUTES and _is_words(value):
                self.found.append((value, self.depth > 0))
        self.generic_visit(node)


_NOT_NAMES = {
    "repr",
    "len",
    "join",
    "sorted",
    "str",
    "format",
    "lower",
    "upper",
    "strip",
    "title",
    "int",
    "round",
    "self",
    "get",
    "list",
    "max",
    "min",
    "sum",
}


def _placeholder(expr: str, taken: dict[str, str]) -> str:
    """A name a translator can read: the last name in the expression that
    is not a function ("repr(zone)" -> zone, "MAX_TOPICS" -> max_topics)."""
    names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"'[^']*'|\"[^\"]*\"", "", expr))
    names = [n for n in names if n not in _NOT_NAMES] or ["value"]
    base = names[-1].lower().removeprefix("max_") if len(names[-1]) > 1 else "value"
    if expr.startswith("len("):
        base = "count"
    name = base
    while name in taken and taken[name] != expr:
        name += "_"
    taken[name] = expr
    return name


def _message(node: ast.expr, source: str) -> tuple[str, dict[str, str]]:
    """The message text (Python literal) and its named values."""
    if isinstance(node, ast.Constant):
        return repr(node.value), {}
    assert isinstance(node, ast.JoinedStr)
    text = ""
    values: dict[str, str] = {}
    for part in node.values:
        if isinstance(part, ast.Constant):
            text += str(part.value).replace("%", "%%")
            continue
        assert isinstance(part, ast.FormattedValue)
        expr = ast.get_source_segment(source, part.value) or "value"
        if part.conversion == ord("r"):
            expr = f"repr({expr})"
        if part.format_spec is not None:
            spec = "".join(str(getattr(v, "value", "")) for v in part.format_spec.values)  # type: ignore[attr-defined]
            expr = f"format({expr}, {spec!r})"
        text += f"%({_placeholder(expr, values)})s"
    return repr(text), values


def mark(source: str, extra_errors: set[str]) -> tuple[str, set[str]]:
    finder = Finder(extra_errors)
    finder.visit(ast.parse(source))
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    used: set[str] = set()
    edits = []
    for node, eager in finder.found:
        start = offsets[node.lineno - 1] + _byte_col(lines[node.lineno - 1], node.col_offset)
        end = offsets[node.end_lineno - 1] + _byte_col(
            lines[node.end_lineno - 1], node.end_col_offset
        )  # type: ignore[operator]
        text, values = _message(node, source)
        wrapper = "_" if eager else "gettext_lazy"
        used.add(wrapper)
        call = f"{wrapper}({text})"
        if values:
            call += " % {" + ", ".join(f"{k!r}: {v}" for k, v in values.items()) + "}"
        edits.append((start, end, call))
    for start, end, call in sorted(edits, reverse=True):
        source = source[:start] + call + source[end:]
    return source, used


def _byte_col(line: str, col: int) -> int:
    """ast counts UTF-8 bytes; the text counts characters."""
    return len(line.encode()[:col].decode(errors="ignore"))


def _add_imports(source: str, used: set[str]) -> str:
    wanted = []
    if "_" in used and "gettext as _" not in source:
        wanted.append("from django.utils.translation import gettext as _\n")
    if "gettext_lazy" in used and "import gettext_lazy\n" not in source:
        wanted.append("from django.utils.translation import gettext_lazy\n")
    if not wanted:
        return source
    match = re.search(r"^(from django[^\n]*\n|import django[^\n]*\n)", source, re.M)
    match = match or re.search(r"^from __future__ import annotations\n\n", source, re.M)
    at = match.end() if match else 0
    return source[:at] + "".join(wanted) + source[at:]


def main(paths: list[str]) -> None:
    for name in paths:
        path = Path(name)
        source = path.read_text()
        # The module's own error classes and raisers (LogisticsError, ...).
        extra = set(re.findall(r"^class (\w+(?:Error|Refused|Failed))\(", source, re.M))
        extra |= set(re.findall(r"\bimport ([\w, ]*)", source)) & {
            "LogisticsError",
            "InstrumentError",
        }
        marked, used = mark(source, extra | {"LogisticsError", "InstrumentError"})
        if re.search(r"\bfor _ in\b|^\s*_ = |\b_, ", marked, re.M) and "_" in used:
            print(f"{path}: '_' is also a variable here; rename it", file=sys.stderr)
        if marked != source:
            path.write_text(_add_imports(marked, used))


if __name__ == "__main__":
    main(sys.argv[1:])
