"""The page's own panels: what ties the others together."""

from __future__ import annotations

from typing import Any

from kindred.lib.panels import View, panel
from kindred.messaging.selectors import unread_count
from kindred.relationships.panels import pair_only


@panel("relationship", "links", template="pages/panels/links.html", order=20, visible=pair_only)
def links(view: View) -> dict[str, Any]:
    """Where the pair goes next: their messages (with what is unread), the
    guide, what they share, objectives and projects."""
    return {"unread": unread_count(view.viewer, view.subject)}
