"""The corpus's holdout stays apart from what the scorer trains on."""

from readout_compare.evaluation.corpus import corpus_folder, load_corpus


def test_holdout_events_are_not_in_the_training_events():
    training = {s.name for s in load_corpus()}
    holdout = load_corpus(corpus_folder("holdout"))
    assert len(holdout) >= 20
    assert not training & {s.name for s in holdout}
    # every holdout event has gold links to measure against, counterparts among them
    assert all(any(r.value in ("match", "conflict") for _, _, r in s.links) for s in holdout)
