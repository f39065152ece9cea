"""Measuring the engine against gold links: samples, the training corpus, scores, the eval command.

The scoring is the one of the shared evaluation script
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

from .command import format_summary, main, resolve, run_eval
from .samples import GOLD_FILE, Sample, SampleError, Sentence, account_letter, bundled_samples, gold_comparison, load_sample, samples_from_cases
from .scoring import MEASURES, Counts, Scores, score, sentence_of

__all__ = [
    "GOLD_FILE", "MEASURES", "Counts", "Sample", "SampleError", "Scores", "Sentence", "account_letter",
    "bundled_samples", "format_summary", "gold_comparison", "load_sample", "main", "resolve", "run_eval",
    "samples_from_cases", "score", "sentence_of",
]
