"""The comparison as a readable terminal report.

Aligned groups first, with the words that differ marked ``[-only on the left-]`` and
``{+only on the right+}``; then each account's omissions; then the conflicts with their reasons.
"""

from __future__ import annotations

import textwrap

from ..core.explain import related_words, set_by, why_conflict
from ..core.marks import MARKS
from ..core.plural import counted
from ..core.model import Claim, Comparison, Relation
from ..core.reading import Reading, link_state

WIDTH = 100


def marked(comparison: Comparison, claim: Claim, spans: list[tuple[int, int]], left: bool) -> str:
    """The claim's text with the given account-offset spans wrapped in diff markers."""
    text, out, pos = claim.text, [], 0
    open_, close = ("[-", "-]") if left else ("{+", "+}")
    for start, end in sorted(spans):
        s, e = start - claim.start, end - claim.start
        if s < pos or e > len(text):
            continue
        out.append(text[pos:s])
        out.append(f"{open_}{text[s:e]}{close}")
        pos = e
    out.append(text[pos:])
    return "".join(out)


def _wrap(text: str, indent: str) -> str:
    """``text`` filled to WIDTH after ``indent``; the lines it continues onto are indented under
    the text, never given the indent's bullet again (a "-" there would read as another item):
    under the text after a bullet, two spaces further in after a plain indent."""
    hanging = " " * len(indent) + ("" if indent.strip() == "-" else "  ")
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=hanging)


def render(comparison: Comparison, reading: Reading | None = None) -> str:
    """The report; relations and omissions are the comparison's ``Reading`` (as in the window)."""
    reading = reading if reading is not None and reading.comparison is comparison else Reading(comparison)
    accounts = comparison.accounts
    lines = [
        "Accounts: " + "; ".join(
            f"{a.label}" + (f" ({a.source})" if a.source else "") + f", {counted(len(c), 'claim')}, {counted(a.words, 'word')}"
            for a, c in zip(accounts, comparison.claims)
        ),
        f"Matcher: {comparison.matcher}",
        "",
        "== Aligned claims ==",
    ]
    counterpart_links = [ln for ln in comparison.links if ln.relation.is_counterpart]
    if not counterpart_links:
        lines.append("  (none)")
    for link in sorted(counterpart_links, key=lambda ln: (comparison.claim(ln.claims[0]).account, comparison.claim(ln.claims[0]).index)):
        a, b = (comparison.claim(c) for c in link.claims)
        spans_a = [(w.start, w.end) for w in link.wording if w.claim == a.id]
        spans_b = [(w.start, w.end) for w in link.wording if w.claim == b.id]
        kinds = ", ".join(k for k in link.kinds) or "same wording"
        mark = MARKS[link_state(link)]
        label = mark.name.upper() if link.relation is Relation.CONFLICT else mark.name
        how = set_by(link) or f"{link.score:.2f}"
        lines.append(f"{mark.symbol} {label} {how} ({kinds})")
        lines.append(_wrap(f"{accounts[a.account].label} {a.id}: {marked(comparison, a, spans_a, True)}", "    "))
        lines.append(_wrap(f"{accounts[b.account].label} {b.id}: {marked(comparison, b, spans_b, False)}", "    "))
    for k, account in enumerate(accounts):
        others = [accounts[o].label for o in range(len(accounts)) if o != k]
        omitted = reading.omissions(k)
        lines += ["", f"== Only in {account.label} (nothing in {' or '.join(others)}) =="]
        if not omitted:
            lines.append("  (none)")
        for claim in omitted:
            lines.append(_wrap(f"{claim.id}: {claim.text}", "  - "))
            related = related_words(comparison, claim.id)
            if related:
                lines.append(_wrap(f"~ related only: {related}", "    "))
        if len(accounts) > 2:
            # With three or more accounts, a claim may be missing from one account but not the others.
            for o in range(len(accounts)):
                if o == k:
                    continue
                partial = [c for c in reading.omissions(k, o) if c not in omitted]
                for claim in partial:
                    lines.append(_wrap(f"{claim.id} (not in {accounts[o].label}): {claim.text}", "  - "))
    lines += ["", "== Conflicts =="]
    conflicts = comparison.conflicts()
    if not conflicts:
        lines.append("  (none)")
    for link in conflicts:
        a, b = (comparison.claim(c) for c in link.claims)
        lines.append(_wrap(f"{accounts[a.account].label} {a.id}: {a.text}", "  - "))
        lines.append(_wrap(f"{accounts[b.account].label} {b.id}: {b.text}", "    "))
        for reason in why_conflict(link):
            lines.append(_wrap(f"why: {reason}", "    "))
    return "\n".join(lines) + "\n"
