"""Scoring the engine against the bundled samples' gold links.

Standard library only.  The scoring is the one of the shared evaluation script
(``eval/score.py``), so numbers from ``readout-compare eval`` and from that script
can be compared directly:

* each claim of the comparison is assigned to the gold sentence of its account that
  holds most of its characters (a claim that overlaps no sentence is ignored);
* **counterpart**: unordered pairs of sentences from different accounts linked by
  ``match`` or ``conflict``;
* **omission**: (sentence, other account) pairs where the sentence has no counterpart
  in that other account;
* **topic**: pairs linked by any relation, ``related`` included;
* **conflict**: pairs linked by ``conflict``.

Precision, recall and F1 are computed from true/false positives and false negatives
summed over samples (micro-averaged), and are 1.0 when there is nothing to find and
nothing was found.

A sample is a folder with one ``.txt`` file per account (metadata header, then the
body) and a ``gold.json``::

    {"title": ..., "date": ..., "accounts": ["a.txt", "b.txt"],
     "sentences": {"A": ["exact sentence of a.txt", ...], "B": [...]},
     "links": [["A1", "B1", "match"], ["A2", "B5", "related"], ...]}

Sentence ids are the account's letter and the sentence's 1-based position.  Every
sentence must occur, in order, in the account's text as ``read_account`` returns it.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, TextIO

from .core.model import LETTERS, Account, Claim, Comparison, Link, Relation
from .resources import samples_folder

GOLD_FILE = "gold.json"
MEASURES = ("counterpart", "omission", "topic", "conflict")
_COUNTERPART = frozenset({Relation.MATCH, Relation.CONFLICT})
_ANY = frozenset(Relation)
_CONFLICT = frozenset({Relation.CONFLICT})


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
    from .core.ingest import read_account  # the engine's reader: offsets must agree with it

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


# -- scores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one measure."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Pair = tuple[str, str]


@dataclass(frozen=True)
class Scores:
    """One sample's (or the sum of several samples') counts for the four measures."""

    counterpart: Counts = Counts()
    omission: Counts = Counts()
    topic: Counts = Counts()
    conflict: Counts = Counts()
    misses: tuple[Pair, ...] = ()  # gold counterpart pairs the engine did not find
    false: tuple[Pair, ...] = ()  # counterpart pairs the engine found that the gold does not have
    seconds: tuple[float, ...] = field(default=())  # time taken by the engine, per sample, if measured

    def __add__(self, other: Scores) -> Scores:
        return Scores(
            self.counterpart + other.counterpart,
            self.omission + other.omission,
            self.topic + other.topic,
            self.conflict + other.conflict,
            self.misses + other.misses,
            self.false + other.false,
            self.seconds + other.seconds,
        )

    def measure(self, name: str) -> Counts:
        if name not in MEASURES:
            raise KeyError(name)
        return getattr(self, name)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {"precision": c.precision, "recall": c.recall, "f1": c.f1}
            for name, c in ((n, self.measure(n)) for n in MEASURES)
        }


def sentence_of(claim: Claim, sample: Sample) -> str | None:
    """The gold sentence of the claim's account that holds most of the claim's characters."""
    best, best_overlap = None, 0
    for s in sample.sentences.values():
        if s.account != claim.account:
            continue
        overlap = min(s.end, claim.end) - max(s.start, claim.start)
        if overlap > best_overlap:
            best, best_overlap = s.id, overlap
    return best


def _pairs(links: Iterable[tuple[str, str, Relation]], relations: frozenset, account_of: dict[str, int]) -> set[Pair]:
    found = set()
    for a, b, relation in links:
        if relation not in relations:
            continue
        a, b = sorted((a, b))
        if account_of[a] != account_of[b]:
            found.add((a, b))
    return found


def _omitted(counterparts: set[Pair], sample: Sample) -> set[tuple[str, int]]:
    """(sentence, other account) for every sentence without a counterpart in that account."""
    has = set()
    for a, b in counterparts:
        has.add((a, sample.sentences[b].account))
        has.add((b, sample.sentences[a].account))
    n = len(sample.accounts)
    return {
        (sid, other)
        for sid, s in sample.sentences.items()
        for other in range(n)
        if other != s.account and (sid, other) not in has
    }


def _counts(gold: set, predicted: set) -> Counts:
    return Counts(len(gold & predicted), len(predicted - gold), len(gold - predicted))


def score(comparison: Comparison, sample: Sample, seconds: float | None = None) -> Scores:
    """Score a comparison of the sample's accounts against the sample's gold links."""
    if len(comparison.accounts) != len(sample.accounts):
        raise ValueError(
            f"{sample.name}: the comparison has {len(comparison.accounts)} accounts, the sample {len(sample.accounts)}"
        )
    for k, (got, want) in enumerate(zip(comparison.accounts, sample.accounts)):
        if got.text != want.text:
            raise ValueError(f"{sample.name}: account {account_letter(k)} of the comparison is not the sample's text")

    claim_sentence = {c.id: sentence_of(c, sample) for c in comparison.all_claims()}
    predicted: list[tuple[str, str, Relation]] = []
    for link in comparison.links:
        sentences = [claim_sentence.get(c) for c in link.claims]
        for x, y in itertools.combinations([s for s in sentences if s], 2):
            predicted.append((x, y, Relation(link.relation)))

    account_of = {sid: s.account for sid, s in sample.sentences.items()}
    gold_cp, pred_cp = _pairs(sample.links, _COUNTERPART, account_of), _pairs(predicted, _COUNTERPART, account_of)
    gold_any, pred_any = _pairs(sample.links, _ANY, account_of), _pairs(predicted, _ANY, account_of)
    gold_cf, pred_cf = _pairs(sample.links, _CONFLICT, account_of), _pairs(predicted, _CONFLICT, account_of)
    return Scores(
        counterpart=_counts(gold_cp, pred_cp),
        omission=_counts(_omitted(gold_cp, sample), _omitted(pred_cp, sample)),
        topic=_counts(gold_any, pred_any),
        conflict=_counts(gold_cf, pred_cf),
        misses=tuple(sorted(gold_cp - pred_cp)),
        false=tuple(sorted(pred_cp - gold_cp)),
        seconds=() if seconds is None else (seconds,),
    )


# -- the command -----------------------------------------------------------------------------------


def resolve(name: str) -> Path | None:
    """A sample folder from a bundled sample's name or from a path; None if there is none."""
    path = Path(name)
    if path.is_dir() and (path / GOLD_FILE).is_file():
        return path
    for folder in bundled_samples():
        if folder.name == name.rstrip("/"):
            return folder
    return None


def format_summary(scores: Scores) -> list[str]:
    """The totals, in the layout of the shared score.py."""
    lines = []
    for name in MEASURES:
        c = scores.measure(name)
        lines.append(f"{name:12s} P {c.precision:.2f}  R {c.recall:.2f}  F1 {c.f1:.2f}")
    if scores.seconds:
        median = sorted(scores.seconds)[len(scores.seconds) // 2]
        lines.append(f"median seconds per case {median:.2f}")
    return lines


def run_eval(names: list[str], out: TextIO | None = None, verbose: bool = False, matcher=None) -> int:
    """Compare each sample's accounts with the engine and print its scores, then the totals.

    ``names`` are bundled sample names or sample folders; none means every bundled sample.
    Returns 0, or 2 (with a one-line message on stderr) when a sample is unknown or unreadable.
    """
    from .core.compare import compare

    out = out or sys.stdout  # looked up now, so a redirected stdout is honoured
    if names:
        folders = []
        for name in names:
            folder = resolve(name)
            if folder is None:
                known = ", ".join(p.name for p in bundled_samples()) or "none"
                print(f"readout-compare eval: unknown sample {name!r} (bundled: {known})", file=sys.stderr)
                return 2
            folders.append(folder)
    else:
        folders = bundled_samples()
        if not folders:
            print("readout-compare eval: no bundled samples found", file=sys.stderr)
            return 2

    total = Scores()
    for folder in folders:
        try:
            sample = load_sample(folder)
        except ValueError as exc:  # SampleError, or the reader's IngestError
            print(f"readout-compare eval: {exc}", file=sys.stderr)
            return 2
        t0 = time.perf_counter()
        comparison = compare(sample.accounts, matcher=matcher)
        result = score(comparison, sample, seconds=time.perf_counter() - t0)
        total = total + result
        line = f"{sample.name}: " + "  ".join(f"{m} F1 {result.measure(m).f1:.2f}" for m in MEASURES)
        if verbose:
            line += f"  misses {list(result.misses)}  false {list(result.false)}"
        print(line, file=out)
    for line in format_summary(total):
        print(line, file=out)
    if matcher is not None:
        print(f"matcher {matcher.name}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m readout_compare.evaluation", description=run_eval.__doc__)
    parser.add_argument("samples", nargs="*", metavar="SAMPLE")
    parser.add_argument("--verbose", action="store_true", help="list missed and false counterpart pairs")
    args = parser.parse_args(argv)
    return run_eval(args.samples, verbose=args.verbose)


if __name__ == "__main__":
    sys.exit(main())
