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

from ..core.kinds import MODALITY, TONE, commitment_level
from ..core.model import Claim, Comparison, Link, Relation
from ..core.terms import default_vocabulary, fold

MAX_LINKS = 4  # links explained in one claim's tooltip
TECHNICAL = ("shared terms", "similarity", "glossary")  # reasons any link has, not why it conflicts

RELATION_WORDS = {
    Relation.MATCH: "= match: the accounts make the same claim",
    Relation.CONFLICT: "≠ conflict: the accounts contradict each other",
    Relation.RELATED: "~ related: the same topic, a different claim",
}
KIND_WORDS = {
    "wording": "worded differently",
    "commitment": "commitment level changed",
    "modality": "modality softened or hardened",
    "scope": "scope narrowed or widened",
    "attribution": "attributed to someone else",
    "tone": "tone words differ",
    "numbers": "numbers or dates differ",
    "conflict": "contradiction",
}
MATCHER_WORDS = {
    "lexical": "shared words, word stems, synonyms and the glossary",
    "semantic": "sentence meaning (sentence embeddings) together with the glossary",
}
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|ninety|hundred|thousand|million|billion|dozen|half)\b"
)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def e(text: object) -> str:
    return escape(str(text), quote=False)


# -- the matcher ------------------------------------------------------------------------------------

def matcher_note(matcher: str) -> str:
    return f"matched by: {matcher or 'default'}"


def matcher_tooltip(matcher: str) -> str:
    how = MATCHER_WORDS.get(matcher, "")
    return f"The claims were aligned by the {matcher or 'default'} matcher" + (f": {how}." if how else ".")


# -- difference kinds -------------------------------------------------------------------------------

def _level(text: str, levels) -> str:
    folded = fold(text)
    return next((name for name, pattern in levels if pattern.search(folded)), "")


def kind_detail(kind: str, a: Claim, b: Claim) -> str:
    """One difference kind between two claims, with what changed when it can be said briefly."""
    words = KIND_WORDS.get(kind, kind)
    detail = ""
    if kind == "commitment":
        la, lb = commitment_level(a.text), commitment_level(b.text)
        if la and lb:
            detail = f"{la} / {lb}"
    elif kind == "modality":
        ma, mb = _level(a.text, MODALITY), _level(b.text, MODALITY)
        detail = f"{ma or 'plain statement'} / {mb or 'plain statement'}"
    elif kind == "attribution" and a.speaker and b.speaker:
        detail = f"{a.speaker} / {b.speaker}"
    elif kind == "tone":
        ta, tb = sorted(set(TONE.findall(fold(a.text)))), sorted(set(TONE.findall(fold(b.text))))
        detail = f"{', '.join(ta) or 'none'} / {', '.join(tb) or 'none'}"
    elif kind == "numbers":
        # only the figures that differ: "the two leaders" in both accounts is not the difference
        na = list(dict.fromkeys(m.group() for m in _NUMBER.finditer(fold(a.text))))
        nb = list(dict.fromkeys(m.group() for m in _NUMBER.finditer(fold(b.text))))
        only_a, only_b = [n for n in na if n not in nb], [n for n in nb if n not in na]
        if only_a or only_b:
            detail = f"{', '.join(only_a) or 'none'} / {', '.join(only_b) or 'none'}"
    return f"{words}: {detail}" if detail else words


# -- reasons ----------------------------------------------------------------------------------------

def _words_for_terms(terms: Iterable[str], a: Claim, b: Claim) -> list[str]:
    """The engine names shared terms by stems or synonym groups ("energi", "resume"): show the
    words each claim uses for them instead ("energy", "reopen / reopening")."""
    vocabulary = default_vocabulary()
    by_term: dict[str, tuple[list[str], list[str]]] = {}
    for side, claim in enumerate((a, b)):
        for word in _WORD.findall(claim.text):
            for token in vocabulary.analyse(word).tokens:
                found = by_term.setdefault(vocabulary.describe(token), ([], []))[side]
                if word not in found:
                    found.append(word)
    out = []
    for term in (t.strip() for t in terms):
        left, right = by_term.get(term, ([], []))
        if not left and not right:
            out.append(term)
        elif left[:1] == right[:1] or not right or not left:
            out.append((left or right)[0])
        else:
            out.append(f"{left[0]} / {right[0]}")
    return list(dict.fromkeys(out))


def plain_reason(reason: str, a: Claim, b: Claim) -> str:
    """One of the engine's reasons in the analyst's words."""
    if reason.startswith("shared terms:"):
        terms = reason.split(":", 1)[1].split(",")
        return "shared words: " + ", ".join(_words_for_terms(terms, a, b))
    if reason.startswith("glossary:"):
        return "the glossary treats as the same: " + reason.split(":", 1)[1].strip()
    match = re.fullmatch(r"similarity ([0-9.]+)", reason.strip())
    if match:
        return f"similarity {match.group(1)} (0 = nothing in common, 1 = the same)"
    return reason


def contradiction_reasons(link: Link) -> list[str]:
    """Why a link is a conflict (or why related claims take different positions)."""
    return [r for r in link.reasons if not r.startswith(TECHNICAL)]


def conflict_line(comparison: Comparison, claim_id: str) -> str:
    """The line shown under a conflicting claim in its pane: "≠ duration differs: 3 hours vs 90 minutes"."""
    reasons: list[str] = []
    for link in comparison.links_of(claim_id):
        if link.relation is Relation.CONFLICT:
            reasons.extend(r for r in contradiction_reasons(link) if r not in reasons)
            if not contradiction_reasons(link) and "the accounts contradict each other" not in reasons:
                reasons.append("the accounts contradict each other")
    return ("≠ " + "; ".join(reasons)) if reasons else ""


# -- tooltips ---------------------------------------------------------------------------------------

def link_lines(comparison: Comparison, link: Link) -> list[str]:
    """A link explained, as rich-text lines (escaped)."""
    a, b = (comparison.claim(c) for c in link.claims)
    labels = [acc.label for acc in comparison.accounts]
    lines = [
        f"<b>{e(a.id)} ({e(labels[a.account])}) ↔ {e(b.id)} ({e(labels[b.account])})</b>",
        f"{e(RELATION_WORDS[link.relation])} · score {link.score:.2f}" + (" · set by the analyst" if link.by_analyst else ""),
    ]
    why = contradiction_reasons(link)
    if why:
        head = "Why a conflict" if link.relation is Relation.CONFLICT else "Note"
        lines.append(f"<b>{head}:</b> " + e("; ".join(why)))
    kinds = [k for k in link.kinds if k != "conflict"]
    if kinds:
        lines.append("<b>Differences:</b> " + e("; ".join(kind_detail(k, a, b) for k in kinds)))
    elif link.relation is Relation.MATCH:
        lines.append("<b>Differences:</b> none, the same wording")
    for reason in link.reasons:
        if reason.startswith(TECHNICAL):
            lines.append(e(plain_reason(reason, a, b)))
    return lines


def _rich(lines: list[str]) -> str:
    # <qt> makes Qt take the tooltip as rich text whatever it contains; white-space keeps it compact
    return "<qt>" + "<br>".join(lines) + "</qt>"


def link_tooltip(comparison: Comparison, link: Link, matcher: bool = True) -> str:
    lines = link_lines(comparison, link)
    if matcher:
        lines.append(f"<i>{e(matcher_note(comparison.matcher))}</i>")
    return _rich(lines)


def claim_tooltip(comparison: Comparison, claim_id: str, state_name: str, caption: str) -> str:
    """A claim's tooltip: its state, then each of its links explained (counterparts first)."""
    lines = [f"<b>{e(claim_id)}: {e(state_name)}</b>", e(caption)]
    links = sorted(comparison.links_of(claim_id), key=lambda ln: (ln.relation is Relation.RELATED, -ln.score))
    for link in links[:MAX_LINKS]:
        lines.append("<hr>")
        lines.extend(link_lines(comparison, link))
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
