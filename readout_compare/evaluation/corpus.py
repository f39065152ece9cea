"""The alignment corpus (``tests/corpus/events/*.json`` in a source checkout) as samples.

One loader for the training command, the evaluation benchmark and the tests. An event file
holds each account as paragraphs of sentences; the account's text is laid out the way the
shared evaluation writes its cases (sentences joined by a space, paragraphs by a blank line),
so offsets and scores agree with ``../shared/eval/score.py``. The corpus is not shipped in
the wheel: it is data for training and measuring, not for the application.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..core.model import LETTERS, Account, Relation
from .samples import Sample, SampleError, Sentence


def corpus_folder(part: str = "events") -> Path:
    """``tests/corpus/events`` (what the scorer trains on) or ``tests/corpus/holdout`` (events
    written later and never trained on) of the source checkout this package runs from."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() and (parent / "tests" / "corpus").is_dir():
            return parent / "tests" / "corpus" / part
    raise SampleError(f"the alignment corpus is in the source checkout (tests/corpus/{part}), not in an installed package")


def event_sample(event: dict, path: Path | None = None) -> Sample:
    """One corpus event (the parsed JSON) as a ``Sample``: accounts, gold sentences, gold links."""
    accounts, sentences = [], {}
    for k, account in enumerate(event["accounts"]):
        text, n = "", 0
        for p, paragraph in enumerate(account["paragraphs"]):
            if p:
                text += "\n\n"
            for s, sentence in enumerate(paragraph):
                if s:
                    text += " "
                n += 1
                sid = f"{LETTERS[k]}{n}"
                sentences[sid] = Sentence(sid, k, len(text), len(text) + len(sentence), sentence)
                text += sentence
        accounts.append(Account(account["label"], text + "\n", date=str(event.get("date", ""))))
    links = []
    for a, b, relation in event["links"]:
        if a not in sentences or b not in sentences:
            raise SampleError(f"{event['name']}: link {a}–{b} names an unknown sentence")
        links.append((a, b, Relation(relation)))
    return Sample(
        name=event["name"], title=event.get("title", event["name"]), date=str(event.get("date", "")),
        folder=path.parent if path else Path("."), accounts=accounts, sentences=sentences, links=links,
        writer=str(event.get("writer", "")),
    )


def load_corpus(folder: Path | str | None = None) -> list[Sample]:
    """Every event of the corpus, sorted by name (the order the folds are drawn in)."""
    folder = Path(folder) if folder else corpus_folder()
    out = []
    for path in sorted(folder.glob("*.json")):
        out.append(event_sample(_read_json(path), path))
    return out


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SampleError(f"{path}: not valid JSON ({exc})") from None


def writer_folds(samples: list[Sample]) -> list[list[Sample]]:
    """One fold per writer: each writer's events scored by a scorer trained on the other writers'.
    Harder than folds by event, and closer to readouts nobody on the project wrote."""
    by_writer: dict[str, list[Sample]] = {}
    for sample in sorted(samples, key=lambda s: s.name):
        by_writer.setdefault(sample.writer, []).append(sample)
    return [by_writer[w] for w in sorted(by_writer)]


def folds(samples: list[Sample], k: int) -> list[list[Sample]]:
    """``k`` folds by event, deterministic: event n goes to fold n mod k (events sorted by name)."""
    out: list[list[Sample]] = [[] for _ in range(k)]
    for n, sample in enumerate(sorted(samples, key=lambda s: s.name)):
        out[n % k].append(sample)
    return out


def load_second_readings(folder: Path | str | None = None, events: list[Sample] | None = None) -> list[tuple[Sample, Sample]]:
    """(event with its gold, the same event with a second reader's links) for every file of
    ``tests/corpus/second_reading``: events of ``events/`` and ``holdout/`` whose links another
    annotator drew again from the accounts alone, without the gold or the engine. Scoring the
    second reading against the gold, as the engine is scored, says how far two careful readers
    agree: the most a scorer learned from one reader's gold can be expected to reach."""
    folder = Path(folder) if folder else corpus_folder("second_reading")
    known = {s.name: s for s in (events if events is not None
                                  else load_corpus() + load_corpus(corpus_folder("holdout")))}
    out = []
    for path in sorted(folder.glob("*.json")):
        reading = _read_json(path)
        event = known.get(reading.get("name"))
        if event is None:
            raise SampleError(f"{path}: no corpus event is named {reading.get('name')!r}")
        links = []
        for a, b, relation in reading["links"]:
            if a not in event.sentences or b not in event.sentences:
                raise SampleError(f"{path}: link {a}–{b} names an unknown sentence")
            links.append((a, b, Relation(relation)))
        out.append((event, replace(event, links=links, writer=str(reading.get("reader", "")))))
    return out
