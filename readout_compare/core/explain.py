"""Reasons and differences in the analyst's words: what tooltips, reports and briefings say.

Every view that explains a link renders its structured reasons (``model.Reason``) and its
difference kinds through these functions, so the window, the terminal report and the
briefings word them alike. Plain text only; each view escapes it for its format.
Standard library only.
"""

from __future__ import annotations

import re
from typing import Iterable

from .kinds import MODALITY, TONE, commitment_level
from .model import Claim, Comparison, Link, Reason, Relation
from .terms import default_vocabulary, fold

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
NO_REASON = "the accounts contradict each other"
_NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"fifty|sixty|ninety|hundred|thousand|million|billion|dozen|half)\b"
)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


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


def describe(reason: Reason, a: Claim | None = None, b: Claim | None = None) -> str:
    """One reason in the analyst's words (the claims let shared terms be shown as their words)."""
    if reason.kind == "contradiction":
        return reason.text or NO_REASON
    if reason.kind == "speakers":
        who = " / ".join(reason.values)
        return f"different speakers ({who}) take different positions" if who else "different speakers take different positions"
    if reason.kind == "shared_terms":
        terms = _words_for_terms(reason.values, a, b) if a is not None and b is not None else list(reason.values)
        return "shared words: " + ", ".join(terms)
    if reason.kind == "glossary":
        return "the glossary treats as the same: " + ", ".join(reason.values)
    if reason.kind == "similarity":
        return f"similarity {reason.score or 0:.2f} (0 = nothing in common, 1 = the same)"
    if reason.kind == "possible_counterpart":
        return f"possibly the same claim: {reason.score or 0:.0%} likely counterparts (too few to link them as such)"
    if reason.kind == "analyst":
        return "set by the analyst" + (f" ({', '.join(reason.values)})" if reason.values else "")
    return reason.text or reason.kind


def possible_counterpart(link: Link) -> float | None:
    """The chance the engine gives a related link's claims of being counterparts, when it offers the
    link as a claim's possible counterpart (``align.POSSIBLE_COUNTERPART``); else None."""
    return next((r.score or 0.0 for r in link.reasons if r.kind == "possible_counterpart"), None)


def related_words(comparison: Comparison, claim_id: str) -> str:
    """What a claim's related links say, in words: "possibly the counterpart of B8, 30% likely;
    the same topic as B7" (possible counterparts first, likeliest first); "" without any."""
    possible: list[tuple[float, str]] = []
    topic: list[str] = []
    for link in comparison.links_of(claim_id):
        if link.relation is not Relation.RELATED:
            continue
        other = comparison.partner(link, claim_id).id
        chance = possible_counterpart(link)
        if chance is None:
            topic.append(other)
        else:
            possible.append((chance, other))
    parts = [f"possibly the counterpart of {other}, {chance:.0%} likely" for chance, other in sorted(possible, key=lambda x: -x[0])]
    if topic:
        parts.append("the same topic as " + ", ".join(topic))
    return "; ".join(parts)


def why_conflict(link: Link) -> list[str]:
    """Why a link is a conflict (or why related claims take different positions), in words."""
    return [describe(r) for r in link.reasons if r.explains_conflict]


def conflict_reasons(comparison: Comparison, claim_id: str) -> list[str]:
    """Every reason the claim's conflict links give, once each (a conflict without one says so)."""
    reasons: list[str] = []
    for link in comparison.links_of(claim_id):
        if link.relation is Relation.CONFLICT:
            found = why_conflict(link) or [NO_REASON]
            reasons.extend(r for r in found if r not in reasons)
    return reasons


def conflict_line(comparison: Comparison, claim_id: str) -> str:
    """The line under a conflicting claim: "≠ duration differs: 3 hours vs 90 minutes"."""
    reasons = conflict_reasons(comparison, claim_id)
    return ("≠ " + "; ".join(reasons)) if reasons else ""


def set_by(link: Link) -> str:
    """"set by the analyst (who)" for an analyst's link, else ""."""
    if not link.by_analyst:
        return ""
    analyst = next((r for r in link.reasons if r.kind == "analyst"), Reason("analyst"))
    return describe(analyst)
