"""Templates ask a model what state it is in (`meeting.is_open`), never
compare its status to a string: a renamed or added status then changes
one property instead of every page that spelled it."""

from __future__ import annotations

import re
from pathlib import Path

KINDRED = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r"""\.status\s*(==|!=)\s*['"]|\.status\s+in\s+['"(]""")


def test_no_template_compares_a_status_to_a_string() -> None:
    found = [
        f"{path.relative_to(KINDRED)}:{number}"
        for path in KINDRED.glob("*/templates/**/*.html")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert not found, found
