"""Lexical first, then the semantic matcher: the window never waits for the semantic model.

The model stands in here (``SlowModel``): it loads when the test lets it, so what the analyst sees
before and after is checked, not timed. tests/test_semantic_window.py runs the real model.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
from library_window import close_window, open_window

from readout_compare.core import semantic
from readout_compare.core.semantic import EMBEDDING_SIZE, ModelIntegrityError, SemanticError
from readout_compare.gui.briefing.summary_dock import written_summary
from readout_compare.gui.comparison.runner import AccountSource
from readout_compare.gui.engine import window_model
from readout_compare.gui.semantic_upgrade import DONE, LOADING
from readout_compare.store import embeddings as library_embeddings

TOPICS = ["the border crossing", "the detained fishermen", "water sharing on the river", "gas prices", "flood relief",
          "the sanctions on banks", "student visas", "the railway line", "election observers", "refugee camps",
          "vaccine supplies", "airspace safety"]


class SlowModel:
    """Stands in for the semantic model's child process: ready when the test says so (``arrive``),
    or refused (``refuse``); one unit vector per text, and a list of the texts it was asked to encode."""

    name = "stand-in-model"

    def __init__(self):
        self.arrive = threading.Event()
        self.encoded: list[str] = []
        self.refusal: SemanticError | None = None
        self.refuse: SemanticError | None = None
        self._ready = False

    @property
    def loaded(self) -> bool:
        return self._ready

    def start(self) -> None:
        pass

    def load(self) -> None:
        if self.refusal is not None:
            raise self.refusal
        if not self.arrive.wait(30):
            raise SemanticError("the test never let the model load")
        if self.refuse is not None:
            self.refusal = self.refuse
            raise self.refusal
        self._ready = True

    def encode(self, texts):
        self.encoded.extend(texts)
        out = np.zeros((len(texts), EMBEDDING_SIZE), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = np.random.default_rng(sum(map(ord, text))).standard_normal(EMBEDDING_SIZE)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def slow_model(monkeypatch):
    monkeypatch.setenv("READOUT_COMPARE_MATCHER", "semantic")
    monkeypatch.setattr(semantic, "embeddings", semantic.EmbeddingCache())  # nothing remembered from other tests
    model = SlowModel()
    replaced = window_model.use(model)
    yield model
    model.arrive.set()  # nothing left waiting on a worker thread
    window_model.use(replaced)


def account_files(tmp_path, names=("norvale", "ebria"), claims: int = 36) -> list[AccountSource]:
    """Two accounts long enough to scroll, each claim its own sentence."""
    sources = []
    for k, name in enumerate(names):
        sentences = [f"The {name.title()} side raised {TOPICS[i % len(TOPICS)]} in round {i + 1}." for i in range(claims)]
        if k:
            sentences = [s.replace("raised", "discussed") for s in sentences]
        path = tmp_path / f"{name}.txt"
        path.write_text(f"---\nlabel: {name.title()}\n---\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
        sources.append(AccountSource(path=str(path)))
    return sources


def test_the_lexical_alignment_shows_at_once_and_the_semantic_one_replaces_it_where_the_analyst_was(window, qtbot, tmp_path, slow_model):
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(account_files(tmp_path))
    assert window.reading.comparison.matcher == "lexical"  # shown before the model has loaded
    assert window.semantic.label.text() == LOADING and window.semantic.label.isVisible()
    assert slow_model.encoded == []

    # The analyst works meanwhile: a claim far down selected, the panes scrolled.
    window.comparison.go_to_claim("A30")
    qtbot.waitUntil(lambda: window.view.selected_group is not None)
    scrolls = [v.verticalScrollBar().value() for v in window.view.views()]
    assert max(scrolls) > 0
    selected = window.comparison.selected_claims()
    assert "A30" in selected

    # What the window shows of the semantic alignment is worked out on the worker, as for a first
    # comparison: its summary arrives with it (not worked out while the swapped panes paint).
    summarised_on_arrival = []
    window.semantic.ready.connect(lambda reading, _sources: summarised_on_arrival.append("_written_summary" in reading.__dict__))
    with qtbot.waitSignal(window.comparisonUpgraded, timeout=30_000):
        slow_model.arrive.set()
    assert window.reading.comparison.matcher == "semantic"
    assert summarised_on_arrival == [True]
    qtbot.waitUntil(lambda: window.briefing.summary_dock.summary is written_summary(window.reading))
    assert slow_model.encoded  # the claims were read by the model
    assert window.semantic.label.text() == DONE
    assert window.briefing.matcher_label.text() == "matched by: semantic"
    assert "A30" in window.comparison.selected_claims()
    assert [v.verticalScrollBar().value() for v in window.view.views()] == scrolls

    # Later comparisons use the semantic matcher directly: nothing to upgrade.
    upgraded = []
    window.comparisonUpgraded.connect(lambda: upgraded.append(True))
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(account_files(tmp_path, names=("arland", "belmark")))
    assert window.reading.comparison.matcher == "semantic"
    assert window.semantic.pending is None and not window.semantic.label.isVisible()
    qtbot.wait(100)
    assert upgraded == []


def test_accounts_opened_while_the_model_loads_drop_the_upgrade_of_the_earlier_ones(window, qtbot, tmp_path, slow_model):
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(account_files(tmp_path))
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(account_files(tmp_path, names=("arland", "belmark"), claims=4))
    assert window.reading.comparison.matcher == "lexical"
    shown = []
    window.comparisonShown.connect(lambda: shown.append([a.label for a in window.reading.comparison.accounts]))
    with qtbot.waitSignal(window.comparisonUpgraded, timeout=30_000):
        slow_model.arrive.set()
    assert shown == [["Arland", "Belmark"]]  # the first accounts never came back
    assert window.reading.comparison.matcher == "semantic"


def test_a_refused_model_leaves_the_lexical_alignment_and_says_why(window, qtbot, tmp_path, slow_model):
    slow_model.refuse = ModelIntegrityError("refusing to load the semantic model: model.safetensors has SHA-256 0000…")
    with qtbot.waitSignal(window.comparisonShown, timeout=30_000):
        window.open_sources(account_files(tmp_path))
    with qtbot.waitSignal(window.semantic.failed, timeout=30_000):
        slow_model.arrive.set()
    assert window.reading.comparison.matcher == "lexical"
    assert window.semantic.label.text().startswith("Semantic matcher unavailable: refusing to load")
    assert "refusing to load the semantic model" in window.message.text()  # "semantic" was asked for by name


def test_the_library_keeps_what_the_model_read_so_a_later_session_encodes_nothing(qtbot, tmp_path, slow_model, monkeypatch):
    threads = []
    for name in ("stored_vectors", "keep_vectors"):
        real = getattr(library_embeddings, name)

        def on_thread(*args, _real=real):
            threads.append(threading.current_thread().name)
            return _real(*args)

        monkeypatch.setattr(library_embeddings, name, on_thread)
    url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    sources = account_files(tmp_path)

    def compare_in_a_session(model: SlowModel) -> None:
        window_model.use(model)
        monkeypatch.setattr(semantic, "embeddings", semantic.EmbeddingCache())  # a new process remembers nothing
        model.arrive.set()
        window = open_window(qtbot, url, seed=False, open_last=False, wait="list")
        try:
            with qtbot.waitSignal(window.comparisonUpgraded, timeout=30_000):
                window.open_sources(sources)
            assert window.reading.comparison.matcher == "semantic"
            window.library.controller.embedding_store().flush(30)
        finally:
            close_window(window)

    compare_in_a_session(slow_model)
    assert slow_model.encoded
    later = SlowModel()
    compare_in_a_session(later)
    assert later.encoded == []  # every claim's embedding came from the library
    assert threads and all(name.startswith("readout-library") for name in threads)  # the database thread's work
