"""What the panes and the link maps show of a ``Reading``, worked out without Qt: each account's
claim rows (state, caption, a conflict's reason, where a paragraph starts), the pairs of claims
each link map joins, the claims synchronised scrolling keeps level, and the account with the
most words.

Worked out once per reading and kept with it. ``prepare`` does it all on the worker thread that
made the reading (``runner.compare_sources``), so a long comparison reaches the GUI thread with
nothing left to work out claim by claim; a reading that was not prepared (a stored event, a
test's) gets each part worked out when a pane first asks for it, with the same result.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...core.explain import conflict_line, possible_counterpart
from ...core.model import Claim, Relation
from ...core.reading import Reading, State

_KEPT = "_pane_content"  # the attribute of the reading this module keeps its results in


@dataclass(frozen=True)
class ClaimRow:
    """One claim as its pane shows it."""

    claim: Claim
    state: State
    caption: str  # "A3 · only in the Norvale account — left out by Ebria"
    detail: str  # a conflict's reason, on its own line(s) under the text ("" for other claims)
    new_paragraph: bool  # the account starts a paragraph with this claim (not its first)


@dataclass(frozen=True, eq=False)  # compared by identity: it holds an array
class AccountRows:
    """An account's claim rows in text order, each claim's place among them, and the lengths of
    each row's text, caption and conflict line (the pane estimates heights from them)."""

    rows: tuple[ClaimRow, ...]
    position: dict[str, int]
    lengths: np.ndarray  # (claims, 3) integers: the pane estimates every height in one array sum


@dataclass(frozen=True)
class LinkedPairs:
    """The claims a link map joins: (group, left claim, right claim, state), in paint order, and
    the same pairs by where each end stands in its account ((position, pair), sorted), so the
    pairs in view are found by bisection however long the accounts are."""

    pairs: tuple[tuple[int, str, str, State], ...]
    by_left: tuple[tuple[int, int], ...]
    by_right: tuple[tuple[int, int], ...]


def _kept(reading: Reading) -> dict:
    # setdefault on the instance's dict: one atomic step, whichever thread gets there first
    return reading.__dict__.setdefault(_KEPT, {})


def claim_rows(reading: Reading, account: int) -> AccountRows:
    """The account's claims in text order, each with its state, caption and conflict line."""
    kept = _kept(reading)
    key = ("rows", account)
    if key not in kept:
        comparison = reading.comparison
        text = comparison.accounts[account].text
        rows = []
        previous_end = 0
        for claim in comparison.claims[account]:
            state = reading.state(claim.id)
            rows.append(ClaimRow(
                claim, state, f"{claim.id} · {reading.caption(claim.id)}",
                conflict_line(comparison, claim.id) if state is State.CONFLICT else "",
                "\n\n" in text[previous_end : claim.start] and bool(rows),
            ))
            previous_end = claim.end
        kept[key] = AccountRows(
            tuple(rows),
            {row.claim.id: i for i, row in enumerate(rows)},
            np.array([(len(row.claim.text), len(row.caption), len(row.detail)) for row in rows], dtype=np.int64).reshape(-1, 3),
        )
    return kept[key]


def linked_pairs(reading: Reading, left: int, right: int) -> LinkedPairs:
    """Within each group, the directly linked pairs of a claim of ``left`` and one of ``right``
    (a group joined only through a third account: its first claim on each side); then each
    possible counterpart's pair, with the state RELATED."""
    kept = _kept(reading)
    key = ("pairs", left, right)
    if key not in kept:
        comparison = reading.comparison
        pairs = []
        for g, group in enumerate(reading.groups):
            lefts = [c for c in group.claims if comparison.claim(c).account == left]
            rights = [c for c in group.claims if comparison.claim(c).account == right]
            if not lefts or not rights:
                continue
            direct = [(a, b) for a in lefts for b in rights if comparison.link_between(a, b)]
            for a, b in direct or [(lefts[0], rights[0])]:
                state = State.CONFLICT if reading.group_states[g] is State.CONFLICT else reading.state(a)
                if state not in (State.CONFLICT, State.CHANGED):
                    state = State.MATCHED
                pairs.append((g, a, b, state))
        # a claim's possible counterpart (a related link the engine gives a chance of being one):
        # joined too, drawn apart from the counterparts (link_map), so the analyst sees in space
        # which claim to check before trusting an omission; under the left claim's group
        for link in comparison.links:
            if link.relation is not Relation.RELATED or possible_counterpart(link) is None:
                continue
            ends = {comparison.claim(c).account: c for c in link.claims}
            if left in ends and right in ends:
                a, b = ends[left], ends[right]
                pairs.append((reading.group_of(a), a, b, State.RELATED))
        lefts, rights = claim_rows(reading, left).position, claim_rows(reading, right).position
        kept[key] = LinkedPairs(
            tuple(pairs),
            tuple(sorted((lefts[a], i) for i, (_g, a, _b, _s) in enumerate(pairs))),
            tuple(sorted((rights[b], i) for i, (_g, _a, b, _s) in enumerate(pairs))),
        )
    return kept[key]


def scroll_anchors(reading: Reading, source: int, target: int) -> tuple[str | None, ...]:
    """For each claim of account ``source``, the counterpart in account ``target`` that
    synchronised scrolling keeps it level with (None: no counterpart there).

    A claim may have several counterparts; the one nearest to where the previous aligned claim
    led is chosen, so scrolling follows the reading order instead of jumping back and forth."""
    kept = _kept(reading)
    key = ("anchors", source, target)
    if key not in kept:
        comparison = reading.comparison
        out: list[str | None] = []
        expected = 0
        for claim in comparison.claims[source]:
            parts = comparison.counterparts(claim.id, target)
            if parts:
                chosen = min(parts, key=lambda c: (abs(c.index - expected), c.index))
                out.append(chosen.id)
                expected = chosen.index + 1
            else:
                out.append(None)
        kept[key] = tuple(out)
    return kept[key]


def longest_account(reading: Reading) -> int:
    """The account with the most words (the first of equals): the reference unless the analyst picks one."""
    words = [reading.summary(k).words for k in range(len(reading.comparison.accounts))]
    return max(range(len(words)), key=lambda k: (words[k], -k))


def pane_order(n: int, reference: int) -> list[int]:
    """The accounts left to right: the reference in the middle, the others in their own order around it."""
    if n < 3:
        return list(range(n))
    others = [k for k in range(n) if k != reference]
    middle = (n - 1) // 2
    return others[:middle] + [reference] + others[middle:]


def prepare(reading: Reading) -> Reading:
    """Work out everything the panes will ask for when the reading is first shown (the panes in
    their first order, around the longest account)."""
    n = len(reading.comparison.accounts)
    for k in range(n):
        claim_rows(reading, k)
    order = pane_order(n, longest_account(reading))
    for left, right in zip(order, order[1:]):
        linked_pairs(reading, left, right)
    for source in range(n):
        for target in range(n):
            if source != target:
                scroll_anchors(reading, source, target)
    return reading
