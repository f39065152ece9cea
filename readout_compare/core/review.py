"""Reviewing the engine's links, least sure first: which links are still the engine's word alone,
which groups they leave to review, in what order, and how far the analyst has got.

- A link is *decided* when the analyst has judged it: set it, confirmed it, changed its relation
  (all make it ``by_analyst``) or removed it (then it is gone from the comparison). Every other
  link is *to review*; its ``confidence`` is the pair scorer's calibrated probability (a link
  stored before the scorer existed has none and counts as the least sure of all).
- A group is *to review* while a link to review touches one of its claims (a related link
  touches the groups at both its ends) and the analyst has not marked the group reviewed (✓).
  The groups to review come least sure first: by the lowest confidence among their links to
  review, then in reading order.
- The totals ("12 of 18 groups reviewed") count the groups *as the engine aligned them*, those
  with at least one link: a group there is reviewed when every engine link on its claims has been
  judged (confirmed, re-related or removed), or when its claims are marked reviewed. Counting the
  engine's groups keeps the total still while the analyst works: removing a link does not make
  its group disappear from the count, it makes it reviewed.

Standard library only.
"""

from __future__ import annotations

from typing import Iterable

from .model import Comparison, Link

UNKNOWN = -1.0  # the rank of a link with no confidence: before every scored one


def to_review(link: Link) -> bool:
    return not link.by_analyst


def rank(link: Link) -> float:
    confidence = link.confidence
    return UNKNOWN if confidence is None else confidence


class Review:
    """The review state of one comparison as shown (``comparison``, the analyst's links applied),
    against the engine's own (``engine``; the same comparison when nothing was judged)."""

    def __init__(self, comparison: Comparison, engine: Comparison | None = None, marked: Iterable[str] = ()):
        self.comparison = comparison
        self.engine = engine if engine is not None else comparison
        self.marked = frozenset(marked)  # claims the analyst marked reviewed
        groups = comparison.groups
        index = {cid: g for g, group in enumerate(groups) for cid in group.claims}
        # links to review by group, least sure first
        pending: dict[int, list[Link]] = {}
        for link in comparison.links:
            if to_review(link):
                for g in {index[c] for c in link.claims}:
                    pending.setdefault(g, []).append(link)
        for g in list(pending):
            if all(c in self.marked for c in groups[g].claims):
                del pending[g]
            else:
                pending[g].sort(key=rank)
        self._pending = pending
        self.unreviewed: tuple[int, ...] = tuple(sorted(pending))  # in reading order
        self.order: tuple[int, ...] = tuple(sorted(pending, key=lambda g: (rank(pending[g][0]), g)))  # least sure first
        self.reviewed, self.total = self._totals()

    def links_to_review(self, group: int) -> list[Link]:
        """The group's links still to review, least sure first (none: nothing left to review)."""
        return list(self._pending.get(group, ()))

    def current_link(self, group: int | None) -> Link | None:
        """The link to accept or reject next in this group: its least sure one."""
        links = self._pending.get(group) if group is not None else None
        return links[0] if links else None

    def confidence(self, group: int) -> float | None:
        """The lowest confidence among the group's links to review (None: none left, or unscored)."""
        link = self.current_link(group)
        return None if link is None else link.confidence

    def is_to_review(self, group: int) -> bool:
        return group in self._pending

    def _totals(self) -> tuple[int, int]:
        engine, shown = self.engine, self.comparison
        ids = {c.id for c in shown.all_claims()}
        reviewed = total = 0
        for group in engine.groups:
            claims = set(group.claims)
            links = [ln for cid in group.claims for ln in engine.links_of(cid)]
            if not links:
                continue  # an omission: no link to review
            total += 1
            if claims <= self.marked or all(self._decided(ln, shown, ids) for ln in links):
                reviewed += 1
        return reviewed, total

    @staticmethod
    def _decided(engine_link: Link, shown: Comparison, ids: set[str]) -> bool:
        if engine_link.by_analyst:
            return True
        a, b = engine_link.claims
        now = shown.link_between(a, b) if a in ids and b in ids else None
        return now is None or now.by_analyst  # removed, or judged by the analyst

    def header(self) -> str:
        """"12 of 18 groups reviewed" (the engine's groups with links; see the module's docstring)."""
        noun = "group" if self.total == 1 else "groups"
        return f"{self.reviewed} of {self.total} {noun} reviewed"

