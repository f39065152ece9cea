"""The comparison as JSON: the ``align`` contract other tools read, plus extra keys.

Contract (kept exactly):
  {"accounts": [{"label": str, "claims": [{"id": str, "start": int, "end": int, "text": str}, ...]}, ...],
   "links": [{"claims": [id, ...], "relation": "match"|"conflict"|"related", "score": float}, ...]}
Each engine link also has "confidence": the pair scorer's calibrated probability that its
relation is right (null for a link the analyst set).
Extra keys: account metadata, each claim's speaker and verb, each link's difference kinds,
structured reasons (``{"kind": ..., "values": [...], "score": ..., "text": ...}``) and wording
spans, the matcher's name and the groups of counterparts (with their ids, "A1+B1") and states;
each claim's state and its relation to every other account (``"relations": {"B": "changed"}``),
read from the comparison's ``Reading`` like every other view; the written summary
(``"summary"``: its sections of sentences, the passages only one account reports, the conflicts,
the changes, and the coverage chart's words per topic and account: ``core.summary``); and, when given, the event's title and the analyst's judgements:
  "event": {"title": str}, "judgements": {claim or group id: {"tags": [str, ...], "note": str}}
"""

from __future__ import annotations

import json
from typing import IO, Any, Mapping

from ..core.model import Account, Claim, Comparison, Link, Reason, Relation, WordingSpan
from ..core.model import LETTERS
from ..core.reading import Reading
from ..core.summary import summarize
from .briefing import Judgement, clean, group_id

FORMAT_VERSION = 1


def to_dict(
    comparison: Comparison, judgements: Mapping[str, Any] | None = None, title: str = "",
    record: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The comparison as JSON-ready data; ``record`` (``library_record`` of a stored event) adds the analyst's work."""
    reading = Reading(comparison)
    letters = [LETTERS[k] if k < len(LETTERS) else str(k) for k in range(len(comparison.accounts))]

    def relations(claim_id: str) -> dict[str, str]:
        return {letters[k]: r.value for k, r in enumerate(reading.relations[claim_id]) if r is not None}

    data = {
        "format": "readout-compare",
        "version": FORMAT_VERSION,
        "matcher": comparison.matcher,
        "accounts": [
            {
                "label": account.label,
                "source": account.source,
                "date": account.date,
                "language": account.language,
                "url": account.url,
                "words": account.words,
                "text": account.text,
                "claims": [
                    {
                        "id": c.id,
                        "start": c.start,
                        "end": c.end,
                        "text": c.text,
                        "sentence": c.sentence,
                        "speaker": c.speaker,
                        "verb": c.verb,
                        "state": reading.state(c.id).value,
                        "relations": relations(c.id),
                    }
                    for c in claims
                ],
            }
            for account, claims in zip(comparison.accounts, comparison.claims)
        ],
        "links": [
            {
                "claims": list(link.claims),
                "relation": link.relation.value,
                "score": link.score,
                "confidence": link.confidence,
                "kinds": list(link.kinds),
                "reasons": [r.to_data() for r in link.reasons],
                "wording": [{"claim": w.claim, "start": w.start, "end": w.end} for w in link.wording],
                "by_analyst": link.by_analyst,
            }
            for link in comparison.links
        ],
        "groups": [
            {"id": group_id(g), "claims": list(g.claims), "relation": g.relation.value if g.relation else "omission",
             "state": reading.group_states[n].value, "kinds": list(g.kinds)}
            for n, g in enumerate(reading.groups)
        ],
    }
    # The written summary and the coverage chart's numbers, as every other format opens with them.
    summary = summarize(reading).to_data()
    # The same sentences as the other formats show: without control characters.
    summary["sections"] = [{"title": clean(x["title"]), "sentences": [clean(t) for t in x["sentences"]]} for x in summary["sections"]]
    data["summary"] = summary
    if title:
        data["event"] = {"title": title}
    if record:
        data.update(record)
    if judgements:
        data["judgements"] = {}
        for key, value in judgements.items():
            judgement = Judgement.of(value)
            if judgement:
                data["judgements"][str(key)] = {"tags": list(judgement.tags), "note": judgement.note}
    return data


def to_json(
    comparison: Comparison, indent: int | None = 2, judgements: Mapping[str, Any] | None = None, title: str = "",
    record: Mapping[str, Any] | None = None,
) -> str:
    return json.dumps(to_dict(comparison, judgements, title, record), ensure_ascii=False, indent=indent)


def write_json(
    comparison: Comparison, out: IO[str], indent: int | None = 2, judgements: Mapping[str, Any] | None = None,
    title: str = "", record: Mapping[str, Any] | None = None,
) -> None:
    """``to_json``'s text written to ``out`` piece by piece (the same bytes), never held whole:
    two long accounts' JSON runs to hundreds of megabytes."""
    data = to_dict(comparison, judgements, title, record)
    pieces: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=indent).iterencode(data):
        pieces.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            out.write("".join(pieces))
            pieces, size = [], 0
    out.write("".join(pieces))


def library_record(stored: Any) -> dict[str, Any]:
    """What the library knows of an event beyond the comparison: the event itself, reviewed groups,
    annotations with their authors, the analyst's splits and merges of claims, and judgements
    orphaned by a re-alignment.

    Duck-typed on the store's loaded event (``.id``, ``.title``, ``.annotations`` ...), so that
    export does not import the store; ``show --format json`` and a JSON export of an event both use it.
    """
    def field(name: str, default: Any = None) -> Any:
        return getattr(stored, name, default)

    return {
        "event": {name: field(name, "") for name in ("id", "title", "date", "notes", "version")},
        "reviewed": [list(g.claims) for g in field("reviewed", ())],
        "annotations": [
            {"claims": list(a.claims), "tag": a.tag, "note": a.note, "author": getattr(a, "author", ""),
             "orphaned": getattr(a, "orphaned", False), "anchored_text": [x.text for x in getattr(a, "anchors", ())]}
            for a in field("annotations", ())
        ],
        # The analyst's own claim boundaries: the comparison above is cut with them already.
        "claim_boundaries": [
            {"kind": j.kind, "description": j.describe(), "claims": list(j.claims), "was": [x.key for x in j.anchors],
             "anchored_text": [x.text for x in j.anchors], "author": getattr(j, "author", ""), "orphaned": j.orphaned}
            for j in field("judgements", ()) if j.kind in ("split", "merge")
        ],
        "orphaned_judgements": [
            {"kind": j.kind, "value": j.value, "claims": [x.key for x in j.anchors], "anchored_text": [x.text for x in j.anchors]}
            for j in field("judgements", ()) if j.orphaned
        ],
    }


def from_dict(data: dict[str, Any]) -> Comparison:
    """Rebuild a comparison from ``to_dict`` output (extra keys optional)."""
    accounts, claims = [], []
    for k, item in enumerate(data["accounts"]):
        accounts.append(
            Account(
                label=item["label"],
                text=item.get("text", ""),
                source=item.get("source", ""),
                date=item.get("date", ""),
                language=item.get("language", ""),
                url=item.get("url", ""),
            )
        )
        claims.append(
            tuple(
                Claim(
                    id=c["id"], account=k, index=n, start=c["start"], end=c["end"], text=c["text"],
                    sentence=c.get("sentence", n), speaker=c.get("speaker", ""), verb=c.get("verb", ""),
                )
                for n, c in enumerate(item["claims"])
            )
        )
    links = tuple(
        Link(
            claims=tuple(item["claims"][:2]),
            relation=Relation(item["relation"]),
            score=float(item["score"]),
            kinds=tuple(item.get("kinds", ())),
            reasons=tuple(Reason.from_data(r) for r in item.get("reasons", ())),
            wording=tuple(WordingSpan(w["claim"], w["start"], w["end"]) for w in item.get("wording", ())),
            by_analyst=bool(item.get("by_analyst", False)),
        )
        for item in data["links"]
    )
    return Comparison(tuple(accounts), tuple(claims), links, matcher=data.get("matcher", ""))
