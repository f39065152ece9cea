"""Alignment quality floors on the bundled samples (the engine must not get worse than this)."""

import pytest

from readout_compare.core.compare import compare
from readout_compare.evaluation import bundled_samples, load_sample, score


@pytest.fixture(scope="module")
def totals():
    total = None
    for folder in bundled_samples():
        sample = load_sample(folder)
        result = score(compare(sample.accounts), sample)
        total = result if total is None else total + result
    return total


def test_counterpart_floor(totals):
    assert totals.counterpart.f1 >= 0.75


def test_omission_floor(totals):
    assert totals.omission.f1 >= 0.80


def test_conflicts_are_found(totals):
    assert totals.conflict.f1 >= 0.55


def test_eval_command_prints_the_figures(capsys):
    from readout_compare.cli import main

    assert main(["eval", "rouhani-macron-2018-01"]) == 0
    out = capsys.readouterr().out
    assert "counterpart" in out and "omission" in out and "F1" in out
