"""Edit ▸ Copy selected groups as rich text: the selected groups as a small table that pastes
into an e-mail with its colours, and as plain text for programs that take only text.

The rich text is the briefing's own markup for selected groups (inline styles only, every
account character escaped), so a pasted row looks like the same row in the HTML briefing.
Only the selected groups' claims and the links among them go into the briefing model, so
copying costs the same in a 20,000-word comparison as in a short one.
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QMimeData

from ...core.model import Comparison, Group
from ...export.briefing import build_briefing, group_id
from ...export.html_form import render_groups_html, render_groups_text


def restricted(comparison: Comparison, claim_ids: Iterable[str]) -> Comparison:
    """The comparison narrowed to these claims and the links among them (ids and texts unchanged)."""
    keep = set(claim_ids)
    claims = tuple(tuple(c for c in account if c.id in keep) for account in comparison.claims)
    links = tuple(link for link in comparison.links if keep.issuperset(link.claims))
    return Comparison(comparison.accounts, claims, links, matcher=comparison.matcher, notes=())


def groups_mime(comparison: Comparison, groups: Iterable[Group], judgements=None) -> QMimeData:
    """Rich text (HTML) and plain text of these groups, for the clipboard."""
    groups = list(groups)
    narrow = restricted(comparison, (c for g in groups for c in g.claims))
    briefing = build_briefing(narrow, judgements=judgements)
    ids = [group_id(g) for g in groups]
    mime = QMimeData()
    mime.setHtml(render_groups_html(briefing, ids))
    mime.setText(render_groups_text(briefing, ids))
    return mime
