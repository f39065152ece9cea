"""What the library can keep, the same on every database, checked before anything is written.

SQLite stores a 300-character label in a column declared ``String(200)``; PostgreSQL refuses it
with a driver message that names neither the field nor the file. So every text the analyst (or a
file) provides is checked against the column's declared length, and against what no database
takes (NUL characters, text that is not valid Unicode), before it is flushed; the refusal says
which field of which file or event, in one line, and nothing of the change is written.

The engine's own short fields (a claim's speaker and reporting verb, the matcher's name) are cut
to their columns instead: they are derived from text that is kept whole.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Session

from .errors import LibraryError
from .models import Account, Annotation, Claim, Event, GlossaryGroup, Judgement

# The fields a person or a file gives, by the name the analyst knows them by.
FIELDS: dict[type, dict[str, str]] = {
    Event: {"title": "title", "date": "date", "notes": "notes"},
    Account: {"label": "label", "source": "source", "url": "url", "language": "language", "published": "date",
              "path": "file name", "text": "text"},
    Annotation: {"tag": "tag", "note": "note", "author": "author's name"},
    Judgement: {"author": "author's name"},
    GlossaryGroup: {"note": "note"},
}
# Derived by the engine from text kept whole: cut to fit rather than refused.
DERIVED: dict[type, tuple[str, ...]] = {Claim: ("speaker", "verb"), Event: ("matcher",)}


class FieldTooLongError(LibraryError):
    """A value longer than the library keeps, or with characters no database takes; nothing was written."""


def limit(model: type, attribute: str) -> int | None:
    """The declared length of a column (characters), None for unlimited text."""
    column = model.__table__.columns[attribute]
    return column.type.length if isinstance(column.type, String) else None


def _where(obj: Any) -> str:
    if isinstance(obj, Account):
        if obj.path:  # the file, its start and its end if it is very long (a message is one line)
            return obj.path if len(obj.path) <= 160 else obj.path[:60] + "…" + obj.path[-90:]
        return f"the account “{_short(obj.label)}”"
    if isinstance(obj, Event):
        return f"the event “{_short(obj.title)}”" if obj.title and len(obj.title) <= 500 else "the event"
    if isinstance(obj, Annotation):
        return "the annotation"
    if isinstance(obj, Judgement):
        return "the judgement"
    return "the glossary"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def problem(model: type, attribute: str, value: Any) -> str:
    """Why ``value`` cannot be kept in this field ("" when it can)."""
    if not isinstance(value, str):
        return ""
    most = limit(model, attribute)
    if most is not None and len(value) > most:
        return f"is {len(value):,} characters long; the library keeps at most {most:,}"
    if "\x00" in value:
        return "contains a NUL character, which no database keeps"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "contains characters that are not valid Unicode"
    return ""


def check(obj: Any) -> None:
    """Raise FieldTooLongError for the first field of ``obj`` the library cannot keep."""
    for attribute in DERIVED.get(type(obj), ()):
        value, most = getattr(obj, attribute), limit(type(obj), attribute)
        if isinstance(value, str) and most is not None and len(value) > most:
            setattr(obj, attribute, value[: most - 1] + "…")
    for attribute, name in FIELDS.get(type(obj), {}).items():
        reason = problem(type(obj), attribute, getattr(obj, attribute))
        if reason:
            raise FieldTooLongError(f"{_where(obj)}: the {name} {reason}; nothing was stored")


def check_event(title: str, date: str, accounts, notes: str = "") -> None:
    """The same checks on a new event and its accounts (core ``Account`` values), before the
    (slow) alignment runs, so a refusal comes at once."""
    check(Event(title=title.strip(), date=date or "", notes=notes))
    for a in accounts:
        check(Account(label=a.label, source=a.source, url=a.url, language=a.language, published=a.date,
                      path=a.path, text=a.text))


def _before_flush(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        check(obj)


def watch(sessions) -> None:
    """Check every object a session (or every session of a sessionmaker) is about to write."""
    event.listen(sessions, "before_flush", _before_flush)
