"""The library's tables: events, their accounts and claims, links, and the analyst's judgements
(and, apart from them, the semantic model's embeddings of the texts it has read).

SQLAlchemy 2.0 typed declarative models. Constraint names follow one convention so that
alembic migrations (and SQLite batch mode, which rebuilds tables) can refer to them by name.

Why the judgements are kept apart from the claims: re-running the alignment (a new engine, an
edited account) replaces every claim and engine link of an event, but what the analyst said
must survive. Each judgement therefore records its own *anchors* — the account, the claim's
text and a hash of it — and is re-attached to the new claims by that text; an anchor whose
claim is gone keeps its text and points nowhere (the judgement is listed as orphaned).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def now() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Times stored in UTC and read back timezone-aware on every database.

    SQLite keeps no time zone; without this, the same annotation would come back naive from
    SQLite and aware from PostgreSQL, and the window would show different times.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            value = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Event(Base):
    """One event (a call, a meeting) and the accounts the analyst compares for it."""

    __tablename__ = "events"
    # Ids are never reused, so undoing a deletion can put an event back under its old id.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    date: Mapped[str] = mapped_column(String(40), default="")  # as the analyst writes it: "2018-01-05"
    notes: Mapped[str] = mapped_column(Text, default="")
    matcher: Mapped[str] = mapped_column(String(80), default="")  # which engine backend made the links
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    changed: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    # Optimistic concurrency: every write bumps it, and a write based on an older value fails.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    accounts: Mapped[list[Account]] = relationship(
        back_populates="event", order_by="Account.position", cascade="all, delete-orphan", passive_deletes=True
    )
    __mapper_args__ = {"version_id_col": version}


class Account(Base):
    """One official account of the event, with its full text (the claims' offsets point into it)."""

    __tablename__ = "accounts"
    __table_args__ = (Index("ix_accounts_text_hash", "text_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)  # 0 for account A, 1 for B...
    label: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    language: Mapped[str] = mapped_column(String(20), default="")
    published: Mapped[str] = mapped_column(String(40), default="")  # the account's own date, as written
    path: Mapped[str] = mapped_column(String(2000), default="")  # the file it was imported from
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))  # sha256 of the text: spots the same text imported twice

    event: Mapped[Event] = relationship(back_populates="accounts")


class Claim(Base):
    """A claim as the engine cut it, the last time the event was aligned."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(20))  # "B4": the id the analyst sees
    position: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    sentence: Mapped[int] = mapped_column(Integer, default=0)
    speaker: Mapped[str] = mapped_column(String(200), default="")
    verb: Mapped[str] = mapped_column(String(80), default="")


class Link(Base):
    """A link the engine found between two claims (the analyst's own links are judgements)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"))
    relation: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    made_by: Mapped[str] = mapped_column(String(20), default="engine")  # "engine" or "analyst"
    kinds: Mapped[list[Any]] = mapped_column(default=list)
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    wording: Mapped[list[Any]] = mapped_column(default=list)  # [[claim key, start, end], ...]


JUDGEMENT_KINDS = "kind IN ('link', 'unlink', 'relation', 'reviewed', 'split', 'merge')"


class Judgement(Base):
    """Something the analyst decided about claims: link, unlink, change a relation, mark a group
    reviewed, split a claim in two, merge two claims.

    Kept in the order made; applying them in that order gives the analyst's view of the event.
    """

    __tablename__ = "judgements"
    __table_args__ = (
        CheckConstraint(JUDGEMENT_KINDS, name="kind"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(20), default="")  # the relation (link, relation); "yes"/"no" (reviewed)
    author: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    anchors: Mapped[list[Anchor]] = relationship(
        order_by="Anchor.position", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="Judgement.id == Anchor.judgement_id",
    )


class Annotation(Base):
    """A tag ("omission — significant") and/or a free note on a claim or a group of claims."""

    __tablename__ = "annotations"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    tag: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    changed: Mapped[datetime] = mapped_column(UTCDateTime, default=now)

    anchors: Mapped[list[Anchor]] = relationship(
        order_by="Anchor.position", cascade="all, delete-orphan", passive_deletes=True,
        primaryjoin="Annotation.id == Anchor.annotation_id",
    )


class Anchor(Base):
    """The claim a judgement or annotation was made on, remembered by its text as well as by its row."""

    __tablename__ = "anchors"
    __table_args__ = (
        CheckConstraint("(judgement_id IS NULL) <> (annotation_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judgement_id: Mapped[Optional[int]] = mapped_column(ForeignKey("judgements.id", ondelete="CASCADE"), index=True)
    annotation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    account: Mapped[int] = mapped_column(Integer)  # the account's position in the event
    key: Mapped[str] = mapped_column(String(20))  # the claim's id when the judgement was made
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64))
    start: Mapped[int] = mapped_column(Integer)
    # The claim it is attached to now; NULL once re-alignment left no claim with this text.
    claim_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"), index=True)


class GlossaryGroup(Base):
    """Equivalent terms ("ISIS = ISIL = Daesh"), the first shown; the analyst's additions to the glossary."""

    __tablename__ = "glossary_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    terms: Mapped[list[Any]] = mapped_column(default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    changed: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class LibraryState(Base):
    """One row about the library as a whole: the glossary's version, and whether the samples are in.

    ``glossary_version`` is bumped by every glossary save, and a save based on an older version
    is refused (two analysts adding groups at once: the second is told, not the first lost).
    ``samples``: "pending" from the moment a new library is to get the bundled samples until the
    one transaction that stores them all commits ("done"); a library left "pending" (the first
    run was killed) gets them at its next opening. NULL: a library made before this was kept.
    """

    __tablename__ = "library_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    glossary_version: Mapped[int] = mapped_column(Integer, default=0)
    samples: Mapped[Optional[str]] = mapped_column(String(20))


class Embedding(Base):
    """What the semantic model made of one text, kept so the same claim is never encoded twice.

    Found by the model's name and the SHA-256 of the text as the model reads it (the claim, with the
    glossary's names added): the text itself is not kept. ``vector`` is the embedding's float32
    values, little-endian (384 of them: 1,536 bytes). Belongs to no event: a claim compared from
    files is found here as well as a stored one.
    """

    __tablename__ = "embeddings"

    model: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
