"""Samples with gold links: a folder of account files and a ``gold.json``.

A sample is a folder with one ``.txt`` file per account (metadata header, then the
body) and a ``gold.json``::

    {"title": ..., "date": ..., "accounts": ["a.txt", "b.txt"],
     "sentences": {"A": ["exact sentence of a.txt", ...], "B": [...]},
     "links": [["A1", "B1", "match"], ["A2", "B5", "related"], ...]}

Sentence ids are the account's letter and the sentence's 1-based position.  Every
sentence must occur, in order, in the account's text as ``read_account`` returns it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..core.model import LETTERS, Account, Claim, Comparison, Link, Relation
from ..resources import samples_folder

GOLD_FILE = "gold.json"


class SampleError(ValueError):
    """A sample folder whose gold cannot be read or does not fit its accounts (one-line message)."""


# -- samples ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """One gold sentence: its id ("B4"), account index and span in ``Account.text``."""

    id: str
    account: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sample:
    """A bundled event: its accounts, the gold sentences and the gold links between them."""

    name: str  # the folder's name
    title: str
    date: str
    folder: Path
    accounts: list[Account]
    sentences: dict[str, Sentence]  # by id, in account then text order
    links: list[tuple[str, str, Relation]]
    writer: str = ""  # who wrote a corpus event ("w3"); folds by writer keep one writer's style out of training

    def sentences_of(self, account: int) -> list[Sentence]:
        return [s for s in self.sentences.values() if s.account == account]


def account_letter(account: int) -> str:
    return LETTERS[account]


def _account_of(sentence_id: str) -> int:
    letters = sentence_id.rstrip("0123456789")
    if len(letters) != 1 or letters not in LETTERS or letters == sentence_id:
        raise KeyError(sentence_id)
    return LETTERS.index(letters)


def load_sample(folder: Path | str) -> Sample:
    """Read a sample folder: its accounts (through ``read_account``) and ``gold.json``.

    Raises SampleError when the gold is malformed: a sentence not found in order in its
    account, a link to an unknown sentence or within one account, an unknown relation.
    """
    from ..core.ingest import read_account  # the engine's reader: offsets must agree with it

    folder = Path(folder)
    name = folder.name
    try:
        gold = json.loads((folder / GOLD_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SampleError(f"{folder}: no {GOLD_FILE}") from None
    except json.JSONDecodeError as exc:
        raise SampleError(f"{folder / GOLD_FILE}: not valid JSON ({exc})") from None

    files_ = gold.get("accounts") or []
    if not 2 <= len(files_) <= len(LETTERS):
        raise SampleError(f"{name}: a sample needs at least two accounts, got {len(files_)}")
    accounts = [read_account(folder / f) for f in files_]

    by_letter = gold.get("sentences") or {}
    expected = [account_letter(k) for k in range(len(accounts))]
    if sorted(by_letter) != expected:
        raise SampleError(f"{name}: sentences are given for accounts {sorted(by_letter)}, expected {expected}")
    sentences: dict[str, Sentence] = {}
    for k, account in enumerate(accounts):
        position = 0
        for n, text in enumerate(by_letter[expected[k]], start=1):
            sid = f"{expected[k]}{n}"
            if not isinstance(text, str) or not text.strip():
                raise SampleError(f"{name}: sentence {sid} is empty")
            start = account.text.find(text, position)
            if start < 0:
                where = "at all" if text not in account.text else "after the previous sentence"
                raise SampleError(f"{name}: sentence {sid} not found {where} in {files_[k]}: {text[:60]!r}")
            sentences[sid] = Sentence(sid, k, start, start + len(text), text)
            position = start + len(text)

    links: list[tuple[str, str, Relation]] = []
    for entry in gold.get("links") or []:
        if not (isinstance(entry, (list, tuple)) and len(entry) == 3):
            raise SampleError(f"{name}: a link must be [sentence, sentence, relation], got {entry!r}")
        a, b, relation = entry
        for sid in (a, b):
            if sid not in sentences:
                raise SampleError(f"{name}: link {entry!r} names an unknown sentence {sid!r}")
        if sentences[a].account == sentences[b].account:
            raise SampleError(f"{name}: link {entry!r} joins two sentences of the same account")
        try:
            links.append((a, b, Relation(relation)))
        except ValueError:
            raise SampleError(f"{name}: link {entry!r} has an unknown relation {relation!r}") from None

    return Sample(
        name=name,
        title=str(gold.get("title") or name),
        date=str(gold.get("date") or ""),
        folder=folder,
        accounts=accounts,
        sentences=sentences,
        links=links,
    )


def bundled_samples() -> list[Path]:
    """The sample folders shipped with the application, sorted by name."""
    root = samples_folder()
    if not root.is_dir():
        return []
    folders = [Path(str(entry)) for entry in root.iterdir() if entry.is_dir() and (entry / GOLD_FILE).is_file()]
    return sorted(folders, key=lambda p: p.name)


def samples_from_cases(cases_file: Path, folder: Path) -> list[Sample]:
    """Cases in the shared evaluation's format (a ``CASES`` list of accounts given paragraph by
    paragraph, sentence by sentence, with gold links) written out as sample folders and loaded."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_readout_cases", cases_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    samples = []
    for case in module.CASES:
        target = Path(folder) / case["name"]
        target.mkdir(parents=True)
        files, sentences = [], {}
        for k, account in enumerate(case["accounts"]):
            letter = account_letter(k)
            body = "\n\n".join(" ".join(paragraph) for paragraph in account["paragraphs"]) + "\n"
            (target / f"{letter}.txt").write_text(f"---\nlabel: {account['label']}\n---\n{body}", encoding="utf-8")
            files.append(f"{letter}.txt")
            sentences[letter] = [s for paragraph in account["paragraphs"] for s in paragraph]
        gold = {"title": case["title"], "accounts": files, "sentences": sentences, "links": [list(x) for x in case["links"]]}
        (target / GOLD_FILE).write_text(json.dumps(gold), encoding="utf-8")
        samples.append(load_sample(target))
    return samples


def gold_comparison(sample: Sample) -> Comparison:
    """The gold itself as a Comparison: one claim per gold sentence, one link per gold link.

    It scores 1.0 everywhere; useful in tests and to show the reference alignment in a view.
    """
    claims: list[tuple[Claim, ...]] = []
    for k in range(len(sample.accounts)):
        claims.append(
            tuple(
                Claim(id=s.id, account=k, index=i, start=s.start, end=s.end, text=s.text, sentence=i)
                for i, s in enumerate(sample.sentences_of(k))
            )
        )
    links = tuple(Link(claims=(a, b), relation=r, score=1.0, by_analyst=True) for a, b, r in sample.links)
    return Comparison(tuple(sample.accounts), tuple(claims), links, matcher="gold")


