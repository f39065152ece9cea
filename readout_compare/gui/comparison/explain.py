"""Why the engine linked two claims, in plain words: the "why" tooltips and the conflict line.

Each link carries its relation, score, difference kinds and reasons (``Link.reasons``: the
contradiction found, shared terms, glossary hits, similarity). This module turns them into
what an analyst reads: "numbers or dates differ: three vs forty", "shared words: border,
crossing", "the glossary treats as the same: JCPOA".

No Qt here: tooltips are returned as rich-text strings, every character from an account
escaped (an account saying "<b>" must show "<b>", never bold text). Unknown reasons (a newer
engine, another matcher) are shown as they are.
"""

from __future__ import annotations

import re
from html import escape
from typing import Iterable

from ...core.explain import RELATION_WORDS, conflict_line, describe, kind_detail, possible_counterpart, set_by, why_conflict
from ...core.model import Comparison, Link, Relation
from ..matcher import matcher_note

__all__ = ["analyst_verdict", "conflict_line", "kind_detail", "link_tooltip", "claim_tooltip", "group_tooltip", "plain_text"]

MAX_LINKS = 4  # links explained in one claim's tooltip
TECHNICAL = ("shared_terms", "glossary", "similarity")  # reasons any link has, not why it conflicts


def e(text: object) -> str:
    return escape(str(text), quote=False)


# -- tooltips ---------------------------------------------------------------------------------------

def analyst_verdict(reading, link: Link) -> str:
    """How the analyst judged a link: "accepted" (the engine's own link, confirmed as it was),
    "re-related" (the engine's pair, given another relation), "set" (a link the engine did not
    make), "" (the engine's word alone). ``reading.engine`` is the engine's own comparison of a
    stored event (None when nothing was judged)."""
    if not link.by_analyst:
        return ""
    engine = getattr(reading, "engine", None)
    before = engine.link_between(*link.claims) if engine is not None else None
    if before is None or before.by_analyst:
        return "set"
    return "accepted" if before.relation is link.relation else "re-related"


def judged_by(link: Link, verdict: str = "") -> str:
    """"set by the analyst (who)"; "accepted by the analyst (who)" for the engine's link confirmed."""
    if verdict != "accepted":
        return set_by(link)
    analyst = next((r for r in link.reasons if r.kind == "analyst"), None)
    who = f" ({', '.join(analyst.values)})" if analyst is not None and analyst.values else ""
    return "accepted by the analyst" + who


def link_lines(comparison: Comparison, link: Link, verdict: str = "") -> list[str]:
    """A link explained, as rich-text lines (escaped); ``verdict``: the analyst's (``analyst_verdict``)."""
    a, b = (comparison.claim(c) for c in link.claims)
    labels = [acc.label for acc in comparison.accounts]
    lines = [
        f"<b>{e(a.id)} ({e(labels[a.account])}) ↔ {e(b.id)} ({e(labels[b.account])})</b>",
        f"{e(RELATION_WORDS[link.relation])} · " + (e(judged_by(link, verdict)) if link.by_analyst else _sureness(link)),
    ]
    chance = possible_counterpart(link)
    if chance is not None and not link.by_analyst:
        lines.append(e(f"Possibly counterparts: {round(100 * chance)}% likely, too little to link them as such; "
                       "check before trusting either omission"))
    why = why_conflict(link)
    if why:
        head = "Why a conflict" if link.relation is Relation.CONFLICT else "Note"
        lines.append(f"<b>{head}:</b> " + e("; ".join(why)))
    kinds = [k for k in link.kinds if k != "conflict"]
    if kinds:
        lines.append("<b>Differences:</b> " + e("; ".join(kind_detail(k, a, b) for k in kinds)))
    elif link.relation is Relation.MATCH:
        lines.append("<b>Differences:</b> none, the same wording")
    if not link.by_analyst:
        for reason in link.reasons:
            if reason.kind in TECHNICAL:
                lines.append(e(describe(reason, a, b)))
    return lines


def _sureness(link: Link) -> str:
    """"engine 91% sure · similarity 0.53": how sure the pair scorer is, then the words' likeness."""
    if link.confidence is None:
        return f"score {link.score:.2f}"
    return f"engine {round(100 * link.confidence)}% sure · similarity {link.score:.2f}"


def _rich(lines: list[str]) -> str:
    # <qt> makes Qt take the tooltip as rich text whatever it contains; white-space keeps it compact
    return "<qt>" + "<br>".join(lines) + "</qt>"


def link_tooltip(comparison: Comparison, link: Link, matcher: bool = True, verdict: str = "") -> str:
    lines = link_lines(comparison, link, verdict)
    if matcher:
        lines.append(f"<i>{e(matcher_note(comparison.matcher))}</i>")
    return _rich(lines)


def claim_tooltip(comparison: Comparison, claim_id: str, state_name: str, caption: str, verdict=lambda _link: "") -> str:
    """A claim's tooltip: its state, then each of its links explained (counterparts first);
    ``verdict(link)``: how the analyst judged it (``analyst_verdict``)."""
    lines = [f"<b>{e(claim_id)}: {e(state_name)}</b>", e(caption)]
    links = sorted(comparison.links_of(claim_id), key=lambda ln: (ln.relation is Relation.RELATED, -ln.score))
    for link in links[:MAX_LINKS]:
        lines.append("<hr>")
        lines.extend(link_lines(comparison, link, verdict(link)))
    if len(links) > MAX_LINKS:
        lines.append(f"… and {len(links) - MAX_LINKS} more links")
    if not links:
        lines.append("No claim of another account was close enough to link to this one.")
    lines.append(f"<i>{e(matcher_note(comparison.matcher))}</i>")
    return _rich(lines)


def group_tooltip(comparison: Comparison, claims: Iterable[str]) -> str:
    """The claims table's difference column: the group's links explained."""
    claims = list(claims)
    inside = set(claims)
    links = [ln for c in claims for ln in comparison.links_of(c) if ln.claims[0] == c and inside.issuperset(ln.claims)]
    if not links:
        return _rich([e("No counterpart in another account: nothing to compare this claim with."),
                      f"<i>{e(matcher_note(comparison.matcher))}</i>"])
    lines: list[str] = []
    for link in links[:MAX_LINKS]:
        if lines:
            lines.append("<hr>")
        lines.extend(link_lines(comparison, link))
    lines.append(f"<i>{e(matcher_note(comparison.matcher))}</i>")
    return _rich(lines)


def plain_text(tooltip: str) -> str:
    """A rich-text tooltip as the words a reader sees (for tests and accessibility)."""
    from html import unescape

    text = re.sub(r"<br>|<hr>", "\n", tooltip)
    return unescape(re.sub(r"<[^>]+>", "", text))
