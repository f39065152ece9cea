"""Window tests: offscreen Qt, settings in a temporary folder, no thread left running, and
comparisons built by hand so that every relation the window must show is present."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QSettings, QThreadPool

from readout_compare.core.model import Account, Claim, Comparison, Link, Relation, WordingSpan, claim_id


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory):
    """Each test remembers into its own folder, never into the analyst's real settings."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def lexical_matcher(monkeypatch):
    """Window tests compare with the lexical matcher: fast and the same on every machine.
    tests/test_semantic_window.py covers the window with the semantic matcher."""
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "lexical")


@pytest.fixture(autouse=True)
def no_thread_left_running():
    """Fail a test that leaves a comparison running or a Python thread alive (napari's check)."""
    before = set(threading.enumerate())
    yield
    pool = QThreadPool.globalInstance()
    busy = pool.activeThreadCount()
    pool.waitForDone(30_000)  # let the next test start clean even when this one failed
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert busy == 0, f"{busy} background comparison(s) still running at the end of the test"
    assert not leaked, f"threads left running: {leaked}"


@pytest.fixture
def window(qtbot):
    """A fresh main window that neither restores nor remembers a layout."""
    from readout_compare.gui.window import MainWindow

    win = MainWindow(restore=False, remember=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.runner.cancel()


def build_comparison(accounts: list[tuple[str, list[str]]], links: list[tuple[str, str, str, list[tuple[str, str]]]] = ()) -> Comparison:
    """A comparison from account texts given claim by claim, and links written as
    (claim id, claim id, relation, [(claim id, differing words)...])."""
    accs, claims = [], []
    for k, (label, sentences) in enumerate(accounts):
        text, mine = "", []
        for i, sentence in enumerate(sentences):
            start = len(text)
            text += sentence + " "
            mine.append(Claim(claim_id(k, i), k, i, start, start + len(sentence), sentence, sentence=i))
        accs.append(Account(label=label, text=text + "\n", source=f"{label.lower()}.example", date="2025-03-04"))
        claims.append(tuple(mine))
    by_id = {c.id: c for cs in claims for c in cs}
    out = []
    for a, b, relation, words in links:
        spans = []
        for cid, word in words:
            c = by_id[cid]
            at = c.text.index(word)
            spans.append(WordingSpan(cid, c.start + at, c.start + at + len(word)))
        kinds = ("wording",) if spans else ()
        out.append(Link((a, b), Relation(relation), 0.9 if relation == "match" else 0.6, kinds=kinds, wording=tuple(spans)))
    return Comparison(tuple(accs), tuple(claims), tuple(out), matcher="hand")


@pytest.fixture
def every_relation() -> Comparison:
    """Two accounts where each claim shows one relation; A2/A3 are told in the opposite order by B.

    A1=B1 matched, A2~B3 changed wording, A3/B2 conflict, A4/B4 related only, A5 omitted by Ebria.
    """
    return build_comparison(
        [
            ("Norvale", [
                "The two leaders spoke by telephone on Tuesday.",
                "They agreed to reopen the northern crossing.",
                "The call lasted three hours.",
                "The President praised Ebria for its help after the floods.",
                "The President invited the Prime Minister to visit in June.",
            ]),
            ("Ebria", [
                "The two leaders spoke by telephone on Tuesday.",
                "The call lasted forty minutes.",
                "They discussed reopening the northern crossing.",
                "The Prime Minister raised the detained fishermen.",
            ]),
        ],
        [
            ("A1", "B1", "match", []),
            ("A2", "B3", "match", [("A2", "agreed to reopen"), ("B3", "discussed reopening")]),
            ("A3", "B2", "conflict", [("A3", "three hours"), ("B2", "forty minutes")]),
            ("B4", "A4", "related", []),
        ],
    )


@pytest.fixture
def long_pair() -> Comparison:
    """Two long accounts: every third claim matched, the rest only in one account."""
    n = 60
    a = [f"Norvale claim number {i} says something about topic {i} in a sentence long enough to wrap once or twice in a pane." for i in range(n)]
    b = [f"Ebria claim number {i} says something about topic {i} in its own words, at some length, so it wraps as well." for i in range(n)]
    links = [(f"A{i + 1}", f"B{i + 1}", "match", []) for i in range(0, n, 3)]
    return build_comparison([("Norvale", a), ("Ebria", b)], links)


@pytest.fixture
def build():
    return build_comparison


# Account files in the project's own words (a fictional call between Norvale and Ebria).
NORVALE = """---
label: Norvale foreign ministry
source: mfa.norvale.example
date: 2025-03-04
---
The President of Norvale spoke by telephone with the Prime Minister of Ebria. The call lasted three hours.

The two leaders agreed to reopen the northern border crossing for trade before the end of the month. They discussed energy and infrastructure cooperation along the river.

The President praised the Ebrian government for its help after the floods.
"""
EBRIA = """---
label: Ebrian government
source: gov.ebria.example
---
The Prime Minister of Ebria held a telephone conversation with the President of Norvale. The conversation lasted forty minutes.

The two leaders discussed reopening the northern border crossing for trade. They discussed energy infrastructure cooperation along the river.

The Prime Minister urged Norvale to release the detained Ebrian fishermen without delay.
"""
KESTRIA = """---
label: Kestrian observer
---
The leaders of Norvale and Ebria discussed the northern border crossing for trade.
"""


@pytest.fixture
def texts():
    return {"norvale": NORVALE, "ebria": EBRIA, "kestria": KESTRIA}
