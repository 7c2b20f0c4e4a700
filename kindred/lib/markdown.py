"""Markdown written by people, rendered safely: raw HTML is not parsed
(markdown-it's js-default preset escapes it), and the result is cleaned by
an allow-list sanitiser (nh3) as a second wall, so no script, handler or
javascript: link survives."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_PARSER = MarkdownIt("js-default")  # CommonMark without raw HTML, links checked
_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "del",
}  # fmt: skip


def render(text: str) -> str:
    html = _PARSER.render(text)
    # Headings people type as "# ..." become small headings inside a note.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
