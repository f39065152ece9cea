"""Experiment, not a dependency: WordLlama (numpy-only static word embeddings shipped in the
``wordllama`` package) blended into the lexical matcher, to decide whether the default matcher
should take it (issue 6). Used by bench_matchers.py and eval_wordllama.py when wordllama is installed.

``WordLlama.load()`` of wordllama 0.4.0.post1 looks for its tokenizer in a folder the wheel does
not have and then goes to the network; here both files are opened from the package itself.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Sequence

import numpy as np

from readout_compare.core.align import Thresholds
from readout_compare.core.similarity import LexicalMatcher
from readout_compare.core.terms import Vocabulary, default_vocabulary

_model = None


def load_wordllama():
    global _model
    if _model is None:
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference

        root = Path(list(importlib.util.find_spec("wordllama").submodule_search_locations)[0])
        with safe_open(str(root / "weights" / "l2_supercat_256.safetensors"), framework="np", device="cpu") as f:
            embedding = f.get_tensor("embedding.weight")
        tokenizer = Tokenizer.from_file(str(root / "tokenizers" / "l2_supercat_tokenizer_config.json"))
        _model = WordLlamaInference(embedding, tokenizer)
    return _model


class WordLlamaBlend:
    """Lexical score and WordLlama cosine (centred, as in the semantic matcher) as a noisy-or."""

    name = "lexical+wordllama"

    def __init__(self, vocabulary: Vocabulary | None = None, weight: float = 0.3,
                 thresholds: Thresholds | None = None, centre_prior: int = 4):
        self.vocabulary = vocabulary or default_vocabulary()
        self.lexical = LexicalMatcher(self.vocabulary)
        self.weight = weight
        self.centre_prior = centre_prior
        # The best of a sweep (weight 0.1-0.5, match 0.20-0.30) on the samples; no setting beat the
        # lexical matcher on both the samples and the dev cases.
        self.thresholds = thresholds or Thresholds(match=0.28, related=0.25, conflict=0.28, margin=0.80, distinct_speakers=0.56)

    def load(self) -> None:
        load_wordllama()

    def cosine(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        model = load_wordllama()
        a = np.asarray(model.embed(list(left), norm=True), dtype=np.float64)
        b = np.asarray(model.embed(list(right), norm=True), dtype=np.float64)
        n = len(a) + len(b)
        mean = np.concatenate([a, b]).mean(axis=0, keepdims=True) * max(0.0, 1.0 - self.centre_prior / n)
        a, b = a - mean, b - mean
        a /= np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
        b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
        return np.clip(a @ b.T, 0.0, 1.0)

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        if not left or not right:
            return np.zeros((len(left), len(right)))
        lexical = self.lexical.similarity(left, right)
        return 1.0 - (1.0 - lexical) * (1.0 - self.weight * self.cosine(left, right))
