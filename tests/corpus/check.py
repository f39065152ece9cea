#!/usr/bin/env python3
"""Check the corpus files under tests/corpus/events and tests/corpus/holdout against the corpus format.

    python tests/corpus/check.py [FILE...]     # default: every events/*.json, holdout/*.json and second_reading/*.json

Prints one line per problem and a total; exits 1 when there is any problem.
The format is described in tests/corpus/README.md.
"""
import json
import re
import sys
from pathlib import Path

LETTERS = "ABCDEFGH"
RELATIONS = {"match", "conflict", "related"}
KEYS = {"name", "title", "date", "kind", "writer", "accounts", "links", "notes"}


def link_problems(links, ids):
    """Problems of a list of links between the sentences ``ids``: [id, id, relation], different
    accounts, each pair once."""
    seen = {}
    for link in links:
        if not (isinstance(link, list) and len(link) == 3):
            yield f"link {link!r}: must be [id, id, relation]"
            continue
        a, b, relation = link
        if relation not in RELATIONS:
            yield f"link {link!r}: relation must be one of {sorted(RELATIONS)}"
        for sid in (a, b):
            if sid not in ids:
                yield f"link {link!r}: no sentence {sid}"
        if a[:1] == b[:1]:
            yield f"link {link!r}: both ends in the same account"
        pair = tuple(sorted((a, b)))
        if pair in seen:
            yield f"link {link!r}: the pair is already linked as {seen[pair]!r}"
        seen[pair] = relation


def problems(path: Path):
    try:
        event = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        yield f"cannot read: {exc}"
        return
    extra = set(event) - KEYS
    if extra:
        yield f"unknown keys {sorted(extra)}"
    for key in ("name", "title", "accounts", "links"):
        if key not in event:
            yield f"missing key {key!r}"
            return
    if event["name"] != path.stem:
        yield f"name {event['name']!r} differs from the file name {path.stem!r}"
    accounts = event["accounts"]
    if not 2 <= len(accounts) <= 5:
        yield f"{len(accounts)} accounts (2 to 5 expected)"
    ids = {}
    labels = set()
    for k, account in enumerate(accounts):
        letter = LETTERS[k]
        if not account.get("label"):
            yield f"account {letter} has no label"
        if account.get("label") in labels:
            yield f"two accounts labelled {account.get('label')!r}"
        labels.add(account.get("label"))
        n = 0
        for paragraph in account.get("paragraphs", []):
            if not isinstance(paragraph, list) or not paragraph:
                yield f"account {letter}: a paragraph must be a non-empty list of sentences"
                continue
            for sentence in paragraph:
                n += 1
                sid = f"{letter}{n}"
                ids[sid] = sentence
                if not isinstance(sentence, str) or not sentence.strip():
                    yield f"{sid}: empty sentence"
                    continue
                if sentence != sentence.strip():
                    yield f"{sid}: leading or trailing spaces"
                if not re.search(r"[.!?][\"'”’)]?$", sentence):
                    yield f"{sid}: does not end with . ! or ?"
                if "\n" in sentence:
                    yield f"{sid}: line break inside a sentence"
        if n == 0:
            yield f"account {letter} has no sentences"
    yield from link_problems(event["links"], ids)
    for note in (event.get("notes") or {}):
        if not re.fullmatch(r"[A-H]\d+-[A-H]\d+", note):
            yield f"note key {note!r}: expected 'A3-B4'"


def reading_problems(path: Path, events: dict):
    """Problems of a second reading: a known event, links between its sentences of different accounts."""
    try:
        reading = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        yield f"cannot read: {exc}"
        return
    extra = set(reading) - {"name", "reader", "links", "notes"}
    if extra:
        yield f"unknown keys {sorted(extra)}"
    event = events.get(reading.get("name"))
    if event is None:
        yield f"no event named {reading.get('name')!r} in events/ or holdout/"
        return
    if reading["name"] != path.stem:
        yield f"name {reading['name']!r} differs from the file name {path.stem!r}"
    if not reading.get("reader"):
        yield "no reader named"
    ids = set()
    for k, account in enumerate(event["accounts"]):
        n = sum(len(p) for p in account["paragraphs"])
        ids.update(f"{LETTERS[k]}{i}" for i in range(1, n + 1))
    yield from link_problems(reading.get("links", []), ids)


def main(argv):
    here = Path(__file__).resolve().parent
    readings = [Path(p) for p in argv if Path(p).parent.name == "second_reading"]
    paths = [Path(p) for p in argv if Path(p).parent.name != "second_reading"]
    if not argv:
        paths = sorted(here.glob("events/*.json")) + sorted(here.glob("holdout/*.json"))
        readings = sorted(here.glob("second_reading/*.json"))
    total = 0
    if readings:
        events = {}
        for path in sorted(here.glob("events/*.json")) + sorted(here.glob("holdout/*.json")):
            try:
                event = json.loads(path.read_text(encoding="utf-8"))
                events[event["name"]] = event
            except Exception:
                pass
        for path in readings:
            for problem in reading_problems(path, events):
                total += 1
                print(f"second_reading/{path.name}: {problem}")
    sentences = accounts = 0
    for path in paths:
        for problem in problems(path):
            total += 1
            print(f"{path.name}: {problem}")
        try:
            event = json.loads(path.read_text(encoding="utf-8"))
            accounts += len(event["accounts"])
            sentences += sum(len(p) for a in event["accounts"] for p in a["paragraphs"])
        except Exception:
            pass
    print(f"{len(paths)} events, {accounts} accounts, {sentences} sentences, {len(readings)} second readings, {total} problems")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
