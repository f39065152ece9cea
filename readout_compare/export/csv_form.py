"""The briefing as CSV: one row per alignment group, for spreadsheets.

Columns: group id, relation (the group's state: "matched", "changed" for matched with
different wording, "conflict", "related" for a claim with only a related link, never called an
omission, and "omitted"), score ("set by the analyst" for a link she made), difference kinds, one
column per account (its claims in the group, each as "ID: text", one per line), tags, note, and
related links ("A8 ~ B7": claims on the same topic that are not counterparts). UTF-8 with a byte-order mark so that
spreadsheet programs read accents and Persian correctly.

Account text is untrusted. Each account cell starts with a claim id, so it can never start
with "=", "+", "-" or "@"; the other free-text cells (labels, tags, notes) that do start that
way get a leading apostrophe, the usual guard against a spreadsheet running them as formulas.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .briefing import Briefing

ENCODING = "utf-8-sig"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def header(briefing: Briefing) -> list[str]:
    columns = ["group", "relation", "score", "difference kinds"]
    seen: set[str] = set(columns) | {"tags", "note", "related links"}
    for label in briefing.labels:
        name, n = _inert(label), 2
        while name in seen:  # two accounts with one label still get a column each
            name, n = f"{_inert(label)} ({n})", n + 1
        seen.add(name)
        columns.append(name)
    return columns + ["tags", "note", "related links"]


def rows(briefing: Briefing) -> list[list[str]]:
    out = []
    for group in briefing.groups:
        judgement = group.judgements
        # A link the analyst made has no score: say who set it instead.
        score = group.set_by or f"{group.score:.4f}"
        related = "; ".join(f"{c.id} ~ {', '.join(c.related)}" for c in group.claims if c.related)
        out.append(
            [group.id, group.relation, score, "; ".join(group.kinds)]
            + ["\n".join(f"{c.id}: {c.text}" for c in cell) for cell in group.cells]
            + [_inert("; ".join(judgement.tags)), _inert(judgement.note), related]
        )
    return out


def render_csv(briefing: Briefing) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header(briefing))
    writer.writerows(rows(briefing))
    return buffer.getvalue()


def write_csv(briefing: Briefing, path: str | Path) -> Path:
    path = Path(path)
    with open(path, "w", encoding=ENCODING, newline="") as handle:
        handle.write(render_csv(briefing))
    return path
