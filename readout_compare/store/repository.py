"""Repository functions: what the window and the command line do with the library.

Each function takes a SQLAlchemy ``Session`` inside a transaction (``Library.write()`` or
``Library.read()``) and returns plain values, so the window can run them on a worker thread
and hand the results to the GUI thread. Nothing here commits: the caller's ``with`` block is
the transaction, so a change is all or nothing.

Every change to an event bumps its version. Pass the version you loaded as
``expected_version``; if someone else changed the event since, ``ConcurrentEditError`` is
raised and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Iterable, Sequence

from sqlalchemy import delete, func, inspect, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..core import model as core
from ..core.boundaries import Boundary, snapped_cut
from . import judgements as jm
from . import limits
from .errors import ConcurrentEditError, LibraryError, NotFoundError
from .models import Account, Anchor, Annotation, Claim, Event, GlossaryGroup, Judgement, LibraryState, Link, now


@dataclass(frozen=True)
class EventSummary:
    """One line of the library browser."""

    id: int
    title: str
    date: str
    accounts: tuple[str, ...]  # labels, in order
    sources: tuple[str, ...]
    changed: datetime | None
    version: int


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored: the engine's comparison, and the analyst's judgements and annotations."""

    id: int
    title: str
    date: str
    notes: str
    version: int
    engine: core.Comparison  # as the engine left it
    judgements: tuple[jm.Judgement, ...] = ()
    annotations: tuple[jm.Annotation, ...] = ()

    @cached_property
    def comparison(self) -> core.Comparison:
        """The comparison with the analyst's links, unlinks and relations applied."""
        return jm.apply(self.engine, self.judgements)

    def boundaries(self, accounts: Sequence[core.Account] | None = None) -> tuple[Boundary, ...]:
        """The analyst's splits and merges as the engine's cuts and joins, in these accounts
        (default: the event's own; a corrected account's text is where they are looked for after a correction)."""
        return jm.boundaries(accounts if accounts is not None else self.engine.accounts, self.judgements)

    @property
    def reviewed(self) -> list[core.Group]:
        return jm.reviewed_groups(self.comparison, self.judgements)

    @property
    def orphaned(self) -> list[jm.Judgement | jm.Annotation]:
        """Judgements and annotations whose claims no longer exist after re-alignment."""
        return [j for j in self.judgements if j.orphaned] + [a for a in self.annotations if a.orphaned]

    def annotations_of(self, claim_ids: Iterable[str]) -> list[jm.Annotation]:
        wanted = set(claim_ids)
        return [a for a in self.annotations if wanted & set(a.claims)]


@dataclass(frozen=True)
class Saved:
    """What a change returns: the row it made (if any) and the event's new version."""

    id: int | None
    version: int


@dataclass(frozen=True)
class Duplicate:
    """An account whose exact text is already in the library: its first stored copy, and how many more."""

    label: str
    event_id: int
    event_title: str
    existing_label: str
    others: int = 0  # further stored copies, in other accounts or events

    def describe(self) -> str:
        more = f", and {self.others} more cop{'y' if self.others == 1 else 'ies'}" if self.others else ""
        return (f"the text of {self.label!r} is already in the library "
                f"(event {self.event_id}: {self.event_title}, account {self.existing_label!r}{more})")


# -- events --------------------------------------------------------------------------------------


def create_event(
    session: Session,
    title: str,
    accounts: Sequence[core.Account],
    comparison: core.Comparison | None = None,
    *,
    date: str = "",
    notes: str = "",
) -> Saved:
    """Store a new event: its accounts and the engine's comparison of them (made by the caller,
    outside the transaction: see ``readout_compare.events``)."""
    title = title.strip()
    if not title:
        raise LibraryError("an event needs a title")
    if len(accounts) < 2:
        raise LibraryError("an event needs at least two accounts")
    date = date or _event_date(accounts)
    limits.check_event(title, date, accounts)  # before writing anything: the message names the file
    if comparison is None or len(comparison.accounts) != len(accounts):
        raise LibraryError("an event is stored with the comparison of its accounts")
    event = Event(title=title, date=date, notes=notes)
    session.add(event)
    session.flush()
    _write_comparison(session, event, comparison)
    session.flush()
    return Saved(event.id, event.version)


def _event_date(accounts: Sequence[core.Account]) -> str:
    dates = sorted(a.date for a in accounts if a.date)
    return dates[0] if dates else ""


def duplicates(session: Session, accounts: Sequence[core.Account]) -> list[Duplicate]:
    """Accounts whose text is already stored in some event (the analyst is warned, not stopped).

    One per account given, in their order: the first stored copy, and how many others there are
    (a shared library may hold fifty copies of a much-used readout: one line, not fifty).
    """
    wanted = list(dict.fromkeys(jm.text_hash(a.text) for a in accounts))
    first: dict[str, tuple[int, str, str]] = {}
    count: dict[str, int] = {}
    rows = session.execute(
        select(Account.text_hash, Account.label, Event.id, Event.title)
        .join(Event, Account.event_id == Event.id)
        .where(Account.text_hash.in_(wanted))
        .order_by(Event.id, Account.position)
    )
    for h, label, eid, title in rows:
        first.setdefault(h, (eid, title, label))
        count[h] = count.get(h, 0) + 1
    out = []
    for a in accounts:
        h = jm.text_hash(a.text)
        if h in first:
            eid, title, label = first[h]
            out.append(Duplicate(a.label, eid, title, label, count[h] - 1))
    return out


def repeated_accounts(accounts: Sequence[core.Account]) -> list[str]:
    """Accounts given together whose texts are the same (the same file twice, or two copies), one line each."""
    seen: dict[str, list[core.Account]] = {}
    for a in accounts:
        seen.setdefault(jm.text_hash(a.text), []).append(a)
    lines = []
    for same in seen.values():
        if len(same) < 2:
            continue
        names = [a.path or a.label for a in same]
        if len(set(names)) == 1:
            lines.append(f"{names[0]} is given {len(same)} times")
        else:
            lines.append(f"{', '.join(names[:-1])} and {names[-1]} have the same text")
    return lines


def update_event(
    session: Session, event_id: int, *, title: str | None = None, date: str | None = None,
    notes: str | None = None, expected_version: int | None = None,
) -> Saved:
    event = _touch(session, event_id, expected_version)
    if title is not None:
        if not title.strip():
            raise LibraryError("an event needs a title")
        event.title = title.strip()
    if date is not None:
        event.date = date
    if notes is not None:
        event.notes = notes
    _flush(session, event)
    return Saved(event.id, event.version)


def delete_event(session: Session, event_id: int, expected_version: int | None = None) -> None:
    """Delete an event with its accounts, claims, links and judgements (the database cascades)."""
    event = _touch(session, event_id, expected_version)
    session.delete(event)
    session.flush()


def list_events(session: Session) -> list[EventSummary]:
    return _summaries(session, select(Event))


def change_mark(session: Session) -> tuple[int, int, int]:
    """What moves whenever anyone adds, changes or deletes an event in this library, from any
    process: (how many events, the highest id, the sum of their versions). Every write bumps an
    event's version and ids are never reused, so a window that reads a different mark than it
    last read knows its list is out of date (one cheap aggregate query, no schema of its own)."""
    count, highest, versions = session.execute(
        select(func.count(Event.id), func.coalesce(func.max(Event.id), 0), func.coalesce(func.sum(Event.version), 0))
    ).one()
    return int(count), int(highest), int(versions)


def search_events(session: Session, query: str) -> list[EventSummary]:
    """Events whose title, notes, account labels, sources or full text contain every word of ``query``."""
    stmt = select(Event)
    for word in query.split():
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        in_accounts = select(Account.event_id).where(
            or_(
                Account.label.ilike(pattern, escape="\\"),
                Account.source.ilike(pattern, escape="\\"),
                Account.text.ilike(pattern, escape="\\"),
            )
        )
        stmt = stmt.where(or_(Event.title.ilike(pattern, escape="\\"), Event.notes.ilike(pattern, escape="\\"), Event.id.in_(in_accounts)))
    return _summaries(session, stmt)


def _summaries(session: Session, stmt) -> list[EventSummary]:
    events = session.execute(
        stmt.with_only_columns(Event.id, Event.title, Event.date, Event.changed, Event.version).order_by(Event.date.desc(), Event.title, Event.id)
    ).all()
    if not events:
        return []
    labels: dict[int, list[tuple[str, str]]] = {}
    ids = [e.id for e in events]
    for chunk in range(0, len(ids), 500):  # keep IN lists within every database's limits
        rows = session.execute(
            select(Account.event_id, Account.label, Account.source)
            .where(Account.event_id.in_(ids[chunk : chunk + 500]))
            .order_by(Account.event_id, Account.position)
        )
        for eid, label, source in rows:
            labels.setdefault(eid, []).append((label, source))
    return [
        EventSummary(
            e.id, e.title, e.date,
            tuple(label for label, _ in labels.get(e.id, ())),
            tuple(source for _, source in labels.get(e.id, ()) if source),
            e.changed, e.version,
        )
        for e in events
    ]


def find_event(session: Session, ref: str) -> int:
    """An event named by its number, its exact title, or a piece of its title found in one event only."""
    ref = ref.strip()
    if ref.isdigit() and session.get(Event, int(ref)) is not None:
        return int(ref)
    exact = session.scalars(select(Event.id).where(func.lower(Event.title) == ref.lower())).all()
    if len(exact) == 1:
        return exact[0]
    pattern = "%" + ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = session.execute(select(Event.id, Event.title).where(Event.title.ilike(pattern, escape="\\")).order_by(Event.id)).all()
    if len(rows) == 1:
        return rows[0].id
    if not rows and not exact:
        raise NotFoundError(f"no event {ref!r} in the library (see `readout-compare list`)")
    choices = "; ".join(f"{r.id}: {r.title}" for r in rows[:5])
    raise NotFoundError(f"{ref!r} names several events ({choices}); give the event's number")


# -- comparisons ---------------------------------------------------------------------------------


def load_event(session: Session, event_id: int) -> StoredEvent:
    event = session.get(Event, event_id, populate_existing=True)
    if event is None:
        raise NotFoundError(f"event {event_id} is not in the library (deleted?)")
    accounts = session.scalars(select(Account).where(Account.event_id == event_id).order_by(Account.position)).all()
    position = {a.id: a.position for a in accounts}
    claim_rows = session.scalars(
        select(Claim).join(Account, Claim.account_id == Account.id).where(Account.event_id == event_id).order_by(Account.position, Claim.position)
    ).all()
    key_of = {c.id: c.key for c in claim_rows}
    claims: list[list[core.Claim]] = [[] for _ in accounts]
    for c in claim_rows:
        k = position[c.account_id]
        claims[k].append(core.Claim(c.key, k, len(claims[k]), c.start, c.end, c.text, c.sentence, c.speaker, c.verb))
    links = tuple(
        core.Link(
            (key_of[ln.claim_a_id], key_of[ln.claim_b_id]), core.Relation(ln.relation), ln.score,
            tuple(ln.kinds or ()), tuple(core.Reason.from_data(r) for r in ln.reasons or ()),
            tuple(core.WordingSpan(w[0], w[1], w[2]) for w in ln.wording or ()), by_analyst=ln.made_by == "analyst",
        )
        for ln in session.scalars(select(Link).where(Link.event_id == event_id).order_by(Link.id))
    )
    comparison = core.Comparison(
        tuple(
            core.Account(a.label, a.text, source=a.source, date=a.published, language=a.language, url=a.url, path=a.path)
            for a in accounts
        ),
        tuple(tuple(c) for c in claims),
        links,
        matcher=event.matcher,
    )

    def anchors(rows: Iterable[Anchor]) -> tuple[jm.Anchor, ...]:
        return tuple(jm.Anchor(r.account, r.key, r.text, r.start, key_of.get(r.claim_id) if r.claim_id else None) for r in rows)

    judgements = tuple(
        jm.Judgement(j.id, j.kind, j.value, anchors(j.anchors), j.author, j.created)
        for j in session.scalars(
            select(Judgement).where(Judgement.event_id == event_id).order_by(Judgement.id).options(selectinload(Judgement.anchors))
        )
    )
    annotations = tuple(
        jm.Annotation(a.id, anchors(a.anchors), a.tag, a.note, a.author, a.created, a.changed)
        for a in session.scalars(
            select(Annotation).where(Annotation.event_id == event_id).order_by(Annotation.id).options(selectinload(Annotation.anchors))
        )
    )
    return StoredEvent(event.id, event.title, event.date, event.notes, event.version, comparison, judgements, annotations)


def load_comparison(session: Session, event_id: int) -> core.Comparison:
    """The event's comparison with the analyst's judgements applied."""
    return load_event(session, event_id).comparison


def save_comparison(session: Session, event_id: int, comparison: core.Comparison, expected_version: int | None = None) -> Saved:
    """Replace the event's claims and engine links by a new alignment; re-attach the judgements by text."""
    event = _touch(session, event_id, expected_version)
    _write_comparison(session, event, comparison)
    _flush(session, event)
    return Saved(event.id, event.version)


def account_edit(stored: StoredEvent, account: int, text: str) -> list[core.Account]:
    """The event's accounts with one account's text corrected (to be re-aligned and saved)."""
    from dataclasses import replace

    if not text.strip():
        raise LibraryError("an account's text cannot be empty")
    accounts = list(stored.engine.accounts)
    accounts[account] = replace(accounts[account], text=text)
    return accounts


def _write_comparison(session: Session, event: Event, comparison: core.Comparison) -> None:
    rows = {a.position: a for a in session.scalars(select(Account).where(Account.event_id == event.id))}
    for k, acc in enumerate(comparison.accounts):
        row = rows.get(k)
        if row is None:
            row = rows[k] = Account(event_id=event.id, position=k)
            session.add(row)
        row.label, row.source, row.url, row.language = acc.label, acc.source, acc.url, acc.language
        row.published, row.path, row.text, row.text_hash = acc.date, acc.path, acc.text, jm.text_hash(acc.text)
    for k in [k for k in rows if k >= len(comparison.accounts)]:
        session.delete(rows.pop(k))
    session.flush()
    account_ids = [rows[k].id for k in sorted(rows)]
    # The old claims go (their links with them; the judgements' anchors are set to NULL by the
    # database) and the anchors are re-attached below, by text.
    session.execute(delete(Claim).where(Claim.account_id.in_(account_ids)).execution_options(synchronize_session=False))
    new_claims: dict[str, Claim] = {}
    for k, claims in enumerate(comparison.claims):
        for c in claims:
            new_claims[c.id] = Claim(
                account_id=rows[k].id, key=c.id, position=c.index, start=c.start, end=c.end, text=c.text,
                text_hash=jm.text_hash(c.text), sentence=c.sentence, speaker=c.speaker, verb=c.verb,
            )
    session.add_all(new_claims.values())
    session.flush()
    session.add_all(
        Link(
            event_id=event.id, claim_a_id=new_claims[ln.claims[0]].id, claim_b_id=new_claims[ln.claims[1]].id,
            relation=ln.relation.value, score=ln.score, made_by="analyst" if ln.by_analyst else "engine",
            kinds=list(ln.kinds), reasons=[r.to_data() for r in ln.reasons], wording=[[w.claim, w.start, w.end] for w in ln.wording],
        )
        for ln in comparison.links
    )
    event.matcher = comparison.matcher
    for anchor in _anchors_of(session, event.id):
        found = jm.reattach(jm.Anchor(anchor.account, anchor.key, anchor.text, anchor.start), comparison.claims)
        anchor.claim_id = new_claims[found.id].id if found else None


def _anchors_of(session: Session, event_id: int) -> list[Anchor]:
    # populate_existing: the bulk delete above changed claim_id in the database behind the ORM's back.
    by_judgement = select(Anchor).join(Judgement, Anchor.judgement_id == Judgement.id).where(Judgement.event_id == event_id)
    by_annotation = select(Anchor).join(Annotation, Anchor.annotation_id == Annotation.id).where(Annotation.event_id == event_id)
    return [
        *session.scalars(by_judgement.execution_options(populate_existing=True)),
        *session.scalars(by_annotation.execution_options(populate_existing=True)),
    ]


# -- judgements ----------------------------------------------------------------------------------


def add_judgement(
    session: Session, event_id: int, kind: str, claims: Sequence[str], value: str = "",
    author: str = "", expected_version: int | None = None,
) -> Saved:
    """Record one judgement on claims named by their ids ("A3", "B1")."""
    if kind not in (jm.LINK, jm.UNLINK, jm.RELATION, jm.REVIEWED):
        # splits and merges are made with split_claim and merge_claims: they remember pieces of text
        raise LibraryError(f"unknown judgement {kind!r}")
    if kind in jm.PAIR_KINDS:
        if len(claims) != 2:
            raise LibraryError("a link joins exactly two claims")
        if kind != jm.UNLINK:
            try:
                core.Relation(value)
            except ValueError:
                raise LibraryError(f"unknown relation {value!r} (match, conflict or related)") from None
    elif value not in ("yes", "no"):
        raise LibraryError("a group is marked reviewed with 'yes' or 'no'")
    event = _touch(session, event_id, expected_version)
    rows = _claims(session, event_id, claims)
    if kind in jm.PAIR_KINDS and rows[0][1] == rows[1][1]:
        raise LibraryError("only claims of different accounts can be linked")
    judgement = Judgement(event_id=event_id, kind=kind, value=value, author=author, anchors=_new_anchors(rows))
    session.add(judgement)
    _flush(session, event)
    return Saved(judgement.id, event.version)


def link_claims(session: Session, event_id: int, a: str, b: str, relation: str = "match", **kw) -> Saved:
    return add_judgement(session, event_id, jm.LINK, (a, b), relation, **kw)


def unlink_claims(session: Session, event_id: int, a: str, b: str, **kw) -> Saved:
    return add_judgement(session, event_id, jm.UNLINK, (a, b), **kw)


def set_relation(session: Session, event_id: int, a: str, b: str, relation: str, **kw) -> Saved:
    return add_judgement(session, event_id, jm.RELATION, (a, b), relation, **kw)


def mark_reviewed(session: Session, event_id: int, claims: Sequence[str], reviewed: bool = True, **kw) -> Saved:
    return add_judgement(session, event_id, jm.REVIEWED, claims, "yes" if reviewed else "no", **kw)


def split_claim(session: Session, event_id: int, claim: str, at: int, author: str = "",
                expected_version: int | None = None) -> Saved:
    """Record that the analyst cuts a claim in two, ``at`` characters into its text (moved out of a
    word to the nearest space). The comparison changes when the event is aligned again
    (``events.realign_event``): the claims stored until then are the engine's."""
    event = _touch(session, event_id, expected_version)
    [(row, position)] = _claims(session, event_id, [claim])
    at = snapped_cut(row.text, at)
    head, tail = row.text[:at].rstrip(), row.text[at:].lstrip()
    if not head.strip() or not tail.strip():
        raise LibraryError(f"a cut at {at} leaves one side of {claim} empty: choose a place inside its text")
    pieces = [(head, row.start), (tail, row.start + len(row.text) - len(tail))]
    judgement = Judgement(event_id=event_id, kind=jm.SPLIT, value="", author=author, anchors=[
        Anchor(position=n, account=position, key=row.key, text=text, text_hash=jm.text_hash(text), start=start, claim_id=row.id)
        for n, (text, start) in enumerate(pieces)
    ])
    session.add(judgement)
    _flush(session, event)
    return Saved(judgement.id, event.version)


def merge_claims(session: Session, event_id: int, first: str, second: str, author: str = "",
                 expected_version: int | None = None) -> Saved:
    """Record that the analyst joins a claim and the one after it (same account) into one claim;
    like a split, it shows once the event is aligned again."""
    event = _touch(session, event_id, expected_version)
    rows = _claims(session, event_id, [first, second])
    (a, account_a), (b, account_b) = rows
    if account_a != account_b or b.position != a.position + 1:
        raise LibraryError(f"only a claim and the next one of the same account can be merged ({first} and {second} are not)")
    judgement = Judgement(event_id=event_id, kind=jm.MERGE, value="", author=author, anchors=_new_anchors(rows))
    session.add(judgement)
    _flush(session, event)
    return Saved(judgement.id, event.version)


def remove_judgement(session: Session, judgement_id: int, expected_version: int | None = None) -> Saved:
    """Take a judgement back (undo)."""
    return _remove(session, Judgement, "judgement", judgement_id, expected_version)


def _remove(session: Session, model, what: str, row_id: int, expected_version: int | None) -> Saved:
    """Delete one judgement or annotation, as a change to its event (version checked and bumped)."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(f"{what} {row_id} is not in the library (removed already?)")
    event = _touch(session, row.event_id, expected_version)
    session.delete(row)
    _flush(session, event)
    return Saved(None, event.version)


def annotate(
    session: Session, event_id: int, claims: Sequence[str], tag: str = "", note: str = "",
    author: str = "", expected_version: int | None = None,
) -> Saved:
    """Tag and/or note one claim, or a group of claims."""
    if not claims:
        raise LibraryError("an annotation is made on at least one claim")
    if not tag.strip() and not note.strip():
        raise LibraryError("an annotation needs a tag or a note")
    event = _touch(session, event_id, expected_version)
    row = Annotation(event_id=event_id, tag=tag.strip(), note=note, author=author, anchors=_new_anchors(_claims(session, event_id, claims)))
    session.add(row)
    _flush(session, event)
    return Saved(row.id, event.version)


def edit_annotation(
    session: Session, annotation_id: int, tag: str | None = None, note: str | None = None, expected_version: int | None = None
) -> Saved:
    row = session.get(Annotation, annotation_id)
    if row is None:
        raise NotFoundError(f"annotation {annotation_id} is not in the library (removed already?)")
    event = _touch(session, row.event_id, expected_version)
    if tag is not None:
        row.tag = tag.strip()
    if note is not None:
        row.note = note
    row.changed = now()
    _flush(session, event)
    return Saved(row.id, event.version)


def remove_annotation(session: Session, annotation_id: int, expected_version: int | None = None) -> Saved:
    return _remove(session, Annotation, "annotation", annotation_id, expected_version)


def restore_annotation(session: Session, event_id: int, annotation: jm.Annotation, expected_version: int | None = None) -> Saved:
    """Put back a removed annotation (undo of a removal) under its old id, re-attached by its claims' text."""
    event = _touch(session, event_id, expected_version)
    row = Annotation(
        id=annotation.id, event_id=event_id, tag=annotation.tag, note=annotation.note, author=annotation.author,
        created=annotation.created or now(), changed=annotation.changed or now(),
    )
    row.anchors = _restored_anchors(session, event_id, annotation.anchors)
    session.add(row)
    _flush(session, event)
    return Saved(row.id, event.version)


def restore_judgement(session: Session, event_id: int, judgement: jm.Judgement, expected_version: int | None = None) -> Saved:
    """Put back a removed judgement (redo after an undo) under its old id, re-attached by its claims' text.

    Keeping the id means later undo steps that name it still find it.
    """
    event = _touch(session, event_id, expected_version)
    row = Judgement(
        id=judgement.id, event_id=event_id, kind=judgement.kind, value=judgement.value,
        author=judgement.author, created=judgement.created or now(),
    )
    row.anchors = _restored_anchors(session, event_id, judgement.anchors)
    session.add(row)
    _flush(session, event)
    return Saved(row.id, event.version)


def judgement(session: Session, judgement_id: int) -> jm.Judgement:
    """One judgement as a plain value (what an undo step keeps to put it back)."""
    row = session.get(Judgement, judgement_id)
    if row is None:
        raise NotFoundError(f"judgement {judgement_id} is not in the library (removed already?)")
    return jm.Judgement(row.id, row.kind, row.value, _anchor_values(session, row.anchors), row.author, row.created)


def annotation(session: Session, annotation_id: int) -> jm.Annotation:
    row = session.get(Annotation, annotation_id)
    if row is None:
        raise NotFoundError(f"annotation {annotation_id} is not in the library (removed already?)")
    return jm.Annotation(row.id, _anchor_values(session, row.anchors), row.tag, row.note, row.author, row.created, row.changed)


def restore_event(session: Session, stored: StoredEvent) -> Saved:
    """Put back a deleted event (undo of a deletion) with its id, accounts, claims and judgements."""
    if session.get(Event, stored.id) is not None:
        raise LibraryError(f"event {stored.id} is already in the library")
    event = Event(id=stored.id, title=stored.title, date=stored.date, notes=stored.notes)
    session.add(event)
    session.flush()
    _write_comparison(session, event, stored.engine)
    session.flush()
    for j in stored.judgements:
        session.add(Judgement(id=j.id, event_id=event.id, kind=j.kind, value=j.value, author=j.author,
                              created=j.created or now(), anchors=_restored_anchors(session, event.id, j.anchors)))
    for a in stored.annotations:
        session.add(Annotation(id=a.id, event_id=event.id, tag=a.tag, note=a.note, author=a.author,
                               created=a.created or now(), changed=a.changed or now(),
                               anchors=_restored_anchors(session, event.id, a.anchors)))
    session.flush()
    return Saved(event.id, event.version)


# -- glossary ------------------------------------------------------------------------------------


def glossary(session: Session) -> list[list[str]]:
    """The analyst's glossary groups, each a list of equivalent terms (the first is the one shown)."""
    return [list(g.terms) for g in session.scalars(select(GlossaryGroup).order_by(GlossaryGroup.position, GlossaryGroup.id))]


def glossary_text(session: Session) -> str:
    """The analyst's groups in the shipped glossary's format ("ISIS = ISIL = Daesh", one a line),
    ready for ``core.terms.default_vocabulary(extra_glossary=...)``."""
    return "".join(" = ".join(terms) + "\n" for terms in glossary(session) if terms)


def glossary_version(session: Session) -> int:
    """The version of the analyst's glossary: pass it to ``save_glossary`` to save on top of it."""
    if not inspect(session.connection()).has_table(LibraryState.__tablename__):
        return 0  # a library browsed read-only at an older schema, which cannot be upgraded
    state = session.get(LibraryState, 1)
    return state.glossary_version if state is not None else 0


def save_glossary(session: Session, groups: Sequence[Sequence[str]], expected_version: int | None = None) -> int:
    """Replace the analyst's glossary groups (empty terms and empty groups are dropped); returns
    the glossary's new version.

    Versioned like every other edit: with ``expected_version`` (the version the groups were read
    at), a save on top of someone else's newer save is refused with ConcurrentEditError, and
    nothing is written. The state row is locked first, so two saves never interleave.
    """
    state = lock_library_state(session)
    if expected_version is not None and state.glossary_version != expected_version:
        raise ConcurrentEditError(message=(
            "the glossary was changed by someone else since you opened it; your groups were not saved — "
            "open the glossary again to see theirs, and add yours"
        ))
    session.execute(delete(GlossaryGroup))
    session.add_all(
        GlossaryGroup(position=n, terms=[t.strip() for t in terms if t.strip()]) for n, terms in enumerate(groups) if any(t.strip() for t in terms)
    )
    state.glossary_version += 1
    session.flush()
    return state.glossary_version


def lock_library_state(session: Session) -> LibraryState:
    """The library's state row, locked until the transaction ends (put back if it went missing)."""
    state = session.get(LibraryState, 1, populate_existing=True, with_for_update=True)
    if state is None:
        state = LibraryState(id=1, glossary_version=0, samples=None)
        session.add(state)
        session.flush()
    return state


# -- helpers -------------------------------------------------------------------------------------


def _touch(session: Session, event_id: int, expected_version: int | None) -> Event:
    """The event, checked against the version the caller loaded, and marked changed (bumps its version).

    The event's row is locked until the transaction ends (SELECT ... FOR UPDATE; SQLite's writers
    are serialised already): the version read here is the one the write will be checked against,
    so a write that asked for no check is never refused as "changed by someone else" because
    another transaction committed between this read and its own flush.
    """
    event = session.get(Event, event_id, populate_existing=True, with_for_update=True)
    if event is None:
        raise NotFoundError(f"event {event_id} is not in the library (deleted by someone else?)")
    if expected_version is not None and event.version != expected_version:
        raise ConcurrentEditError(event.title)
    event.changed = now()
    return event


def _flush(session: Session, event: Event) -> None:
    try:
        session.flush()
    except StaleDataError:
        # Someone committed a change to this event between our read and our write.
        raise ConcurrentEditError(event.title) from None


def _claims(session: Session, event_id: int, keys: Sequence[str]) -> list[tuple[Claim, int]]:
    rows = {
        c.key: (c, position)
        for c, position in session.execute(
            select(Claim, Account.position).join(Account, Claim.account_id == Account.id)
            .where(Account.event_id == event_id, Claim.key.in_(list(keys)))
        )
    }
    missing = [k for k in keys if k not in rows]
    if missing:
        raise NotFoundError(f"no claim {', '.join(missing)} in this event (re-aligned since?) — reload it")
    return [rows[k] for k in keys]


def _restored_anchors(session: Session, event_id: int, anchors: Sequence[jm.Anchor]) -> list[Anchor]:
    """Anchor rows for remembered anchors, attached to whichever current claim has their text."""
    rows = session.execute(
        select(Claim, Account.position).join(Account, Claim.account_id == Account.id)
        .where(Account.event_id == event_id).order_by(Account.position, Claim.position)
    ).all()
    accounts = max((position for _, position in rows), default=-1) + 1
    claims: list[list[core.Claim]] = [[] for _ in range(accounts)]
    row_of: dict[str, int] = {}
    for c, position in rows:
        claims[position].append(core.Claim(c.key, position, c.position, c.start, c.end, c.text))
        row_of[c.key] = c.id
    out = []
    for n, anchor in enumerate(anchors):
        found = jm.reattach(anchor, claims)
        out.append(Anchor(
            position=n, account=anchor.account, key=anchor.key, text=anchor.text,
            text_hash=jm.text_hash(anchor.text), start=anchor.start, claim_id=row_of[found.id] if found else None,
        ))
    return out


def _anchor_values(session: Session, rows: Iterable[Anchor]) -> tuple[jm.Anchor, ...]:
    rows = list(rows)
    ids = [r.claim_id for r in rows if r.claim_id]
    keys = {cid: key for cid, key in session.execute(select(Claim.id, Claim.key).where(Claim.id.in_(ids)))} if ids else {}
    return tuple(jm.Anchor(r.account, r.key, r.text, r.start, keys.get(r.claim_id)) for r in rows)


def _new_anchors(rows: Sequence[tuple[Claim, int]]) -> list[Anchor]:
    return [
        Anchor(position=n, account=position, key=c.key, text=c.text, text_hash=c.text_hash, start=c.start, claim_id=c.id)
        for n, (c, position) in enumerate(rows)
    ]
