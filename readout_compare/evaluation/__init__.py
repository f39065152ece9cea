"""Measuring the engine against gold links, with the shared evaluation script's measures (so
figures from ``readout-compare eval`` and ``../shared/eval/score.py`` compare directly).

``samples.py``: sample folders and their gold; ``corpus.py``: the training corpus as samples;
``scoring.py``: counterpart, omission, topic and conflict precision, recall and F1;
``training.py``: the pair scorer trained on the corpus; ``command.py``: ``readout-compare eval``.
"""

from .command import format_summary, main, resolve, run_eval
from .samples import GOLD_FILE, Sample, SampleError, Sentence, account_letter, bundled_samples, gold_comparison, load_sample, samples_from_cases
from .scoring import MEASURES, Counts, Scores, score, sentence_of

__all__ = [
    "GOLD_FILE", "MEASURES", "Counts", "Sample", "SampleError", "Scores", "Sentence", "account_letter",
    "bundled_samples", "format_summary", "gold_comparison", "load_sample", "main", "resolve", "run_eval",
    "samples_from_cases", "score", "sentence_of",
]
