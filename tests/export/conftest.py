"""Comparisons to export: a real pair of accounts, a pair with conflicts, and a hostile pair."""

from __future__ import annotations

import pytest

from readout_compare.core.compare import compare
from readout_compare.core.ingest import read_account

from .accounts import ARLAND, BELMARK, ELYSEE, HOSTILE, HOSTILE_OTHER, IRAN


@pytest.fixture(autouse=True)
def _one_qt_application(qapp):
    """The PDF writer needs a Qt application; let pytest-qt own it, as it does for the window's tests."""
    return qapp


@pytest.fixture
def account_files(write_account):
    def make(*pairs):
        return [write_account(f"account{n}.txt", body, **meta) for n, (body, meta) in enumerate(pairs)]

    return make


@pytest.fixture
def rouhani_macron(account_files):
    files = account_files(
        (IRAN, {"label": "Iranian presidency", "source": "president.ir", "date": "2018-01-02", "url": "https://www.president.ir/en/"}),
        (ELYSEE, {"label": "Élysée", "source": "elysee.fr", "date": "2018-01-02", "url": "https://www.elysee.fr/"}),
    )
    return compare([read_account(f) for f in files])


@pytest.fixture
def arland_belmark(account_files):
    files = account_files(
        (ARLAND, {"label": "Arland Foreign Ministry", "date": "2024-03-12"}),
        (BELMARK, {"label": "Belmark Foreign Ministry", "date": "2024-03-12"}),
    )
    comparison = compare([read_account(f) for f in files])
    assert comparison.conflicts(), "the pair is meant to have conflicts"
    return comparison


@pytest.fixture
def hostile(account_files):
    files = account_files(
        (HOSTILE, {"label": "<b>Ministry</b> \"of\" Truth & Co", "source": "<i>src</i>", "url": "javascript:alert(document.cookie)"}),
        (HOSTILE_OTHER, {"label": "Neighbour", "source": "example.org", "url": "https://example.org/a?b=1&c=2"}),
    )
    comparison = compare([read_account(f) for f in files])
    assert comparison.groups and any(g.relation for g in comparison.groups), "hostile text must reach the aligned table"
    return comparison
