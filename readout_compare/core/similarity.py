"""How alike two claims are: a small pluggable protocol and the default lexical matcher.

A matcher takes the claim texts of two accounts and returns a similarity matrix with values in
[0, 1] (rows: left claims, columns: right claims). Alignment only ever sees that matrix, so a
stronger backend (sentence embeddings) drops in without touching alignment.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .terms import Vocabulary, default_vocabulary


@runtime_checkable
class Matcher(Protocol):
    """Texts in, similarity matrix out."""

    name: str

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray: ...


class LexicalMatcher:
    """TF-IDF cosine over stems, with glossary and synonym groups folded into single terms.

    Inverse document frequencies come from the claims being compared, so a name that every
    claim repeats ("Rouhani") weighs less than the word only two claims share ("Lebanon").
    """

    name = "lexical"

    def __init__(self, vocabulary: Vocabulary | None = None):
        self.vocabulary = vocabulary or default_vocabulary()

    def terms(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        return [self.vocabulary.analyse(t).tokens for t in texts]

    def weights(self, documents: Sequence[Sequence[str]]) -> dict[str, float]:
        df = Counter(term for doc in documents for term in set(doc))
        n = len(documents)
        return {term: math.log((n + 1 + 20) / (count + 0.5)) for term, count in df.items()}

    def similarity(self, left: Sequence[str], right: Sequence[str]) -> np.ndarray:
        left_terms, right_terms = self.terms(left), self.terms(right)
        return self.similarity_of_terms(left_terms, right_terms)

    def similarity_of_terms(self, left_terms, right_terms) -> np.ndarray:
        idf = self.weights(list(left_terms) + list(right_terms))
        index = {term: k for k, term in enumerate(idf)}
        a = _vectors(left_terms, index, idf)
        b = _vectors(right_terms, index, idf)
        if a.size == 0 or b.size == 0:
            return np.zeros((len(left_terms), len(right_terms)))
        return np.clip(a @ b.T, 0.0, 1.0)


def _vectors(documents, index: dict[str, int], idf: dict[str, float]) -> np.ndarray:
    """Unit-length TF-IDF rows; term frequency is dampened, since readouts repeat names."""
    matrix = np.zeros((len(documents), len(index)), dtype=np.float64)
    for row, doc in enumerate(documents):
        for term, count in Counter(doc).items():
            matrix[row, index[term]] = (1.0 + math.log(count)) * idf[term]
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
