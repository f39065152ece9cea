"""One vocabulary read by several threads at once gives each word the stem it gives alone."""

import threading

from readout_compare.core.terms import Vocabulary


def test_stems_are_the_same_when_threads_stem_at_once():
    words = [f"{root}{ending}" for root in ("negotiat", "cooperat", "discuss", "agree", "commit", "relat", "stabil")
             for ending in ("ion", "ions", "ing", "ed", "es", "ive", "ively", "ement", "ements", "ity")]
    words = [f"{w}{'x' * k}" for k in range(40) for w in words]  # thousands of words no cache has seen
    alone = Vocabulary([], [])
    expected = [alone.stem(w) for w in words]
    shared = Vocabulary([], [])
    results: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            results[n] = [shared.stem(w) for w in words[n::4]]
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for n in range(4):
        assert results[n] == expected[n::4]
